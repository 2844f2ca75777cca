import { spawn } from 'node:child_process';
import { forwardedPort, portForwardArgs, type Reach } from './reach';
import { SmokeTargetError } from './target';

/** A running `kubectl port-forward`: the loopback URL it serves, and how to stop it. */
export interface PortForward {
  url: URL;
  stop(): Promise<void>;
}

export type StartPortForward = (reach: Extract<Reach, { kind: 'port-forward' }>, env: NodeJS.ProcessEnv) => Promise<PortForward>;

/**
 * Starts `kubectl port-forward service/frontend :<port>` and resolves once kubectl printed the
 * local port it picked ("Forwarding from 127.0.0.1:<port> -> <target>", kubernetes/client-go
 * tools/portforward/portforward.go `getListener`). Rejects with SmokeTargetError (what failed and
 * the fix) when kubectl is missing, exits, or says nothing within `timeoutMs`.
 */
export const startPortForward: StartPortForward = (reach, env, timeoutMs = 30_000) =>
  new Promise((resolve, reject) => {
    const child = spawn('kubectl', portForwardArgs(reach), { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let settled = false;
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    const stop = async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    };
    const fallback = `or pass --url with what minikube service ${reach.service} -n ${reach.namespace} --url prints (it keeps a tunnel open while it runs)`;
    const fail = (why: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void stop();
      reject(new SmokeTargetError(`kubectl port-forward to service/${reach.service} in ${reach.namespace} ${why}; ${fallback}`));
    };
    const timer = setTimeout(() => fail(`printed no local port within ${timeoutMs / 1000} s (${output.trim() || 'no output'})`), timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const port = forwardedPort(output);
      if (port === undefined || settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ url: new URL(`http://127.0.0.1:${port}`), stop });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.once('error', (error) =>
      fail(`could not start (${error.message}): install kubectl (https://kubernetes.io/docs/tasks/tools/) or put minikube's on PATH`),
    );
    child.once('exit', (code, signal) => fail(`exited (${signal ?? `exit ${code}`}): ${output.trim() || 'no output'}`));
  });
