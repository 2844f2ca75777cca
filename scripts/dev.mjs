// `npm run dev`: the backend (embedded PostgreSQL unless DATABASE_URL is set, see apps/backend/src/dev.ts)
// and the frontend (next dev, proxying /api/v1 to the backend) together, with prefixed output.
// Ctrl+C stops both; if either exits, the other is stopped too.
import { spawn } from 'node:child_process';

const backendPort = process.env.BACKEND_PORT ?? '8000';
const frontendPort = process.env.FRONTEND_PORT ?? '3000';
const colours = { backend: '\x1b[36m', frontend: '\x1b[35m' };

function start(name, args, env) {
  // Own process group, so stopping reaches npm's whole tree (npm → sh → tsx/next → node).
  const child = spawn('npm', args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const prefix = `${colours[name]}[${name}]\x1b[0m `;
  for (const stream of [child.stdout, child.stderr]) {
    let buffered = '';
    stream.on('data', (chunk) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) process.stdout.write(`${prefix}${line}\n`);
    });
  }
  return child;
}

const children = [
  start('backend', ['run', 'dev', '-w', '@todo/backend'], { PORT: backendPort, FRONTEND_URL: `http://localhost:${frontendPort}` }),
  start('frontend', ['run', 'dev', '-w', '@todo/frontend', '--', '--port', frontendPort], {
    BACKEND_URL: process.env.BACKEND_URL ?? `http://127.0.0.1:${backendPort}`,
    PORT: frontendPort,
  }),
];
process.stdout.write(`dev: frontend http://localhost:${frontendPort}, backend http://localhost:${backendPort}\n`);

let stopping = false;
function stopAll(exitCode) {
  if (stopping) return;
  stopping = true;
  for (const child of children) {
    if (child.exitCode === null) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
  }
  const force = setTimeout(() => {
    for (const child of children) if (child.exitCode === null) try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ }
    process.exit(exitCode);
  }, 10_000);
  force.unref();
  Promise.all(children.map((child) => (child.exitCode !== null ? null : new Promise((done) => child.once('exit', done))))).then(() =>
    process.exit(exitCode),
  );
}

for (const child of children) child.once('exit', (code) => stopAll(code ?? 1));
process.once('SIGINT', () => stopAll(0));
process.once('SIGTERM', () => stopAll(0));
