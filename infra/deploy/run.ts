import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { checkPrerequisites, formatChecks, pulumiBin, systemRunner, type Runner } from './prerequisites';

/** `--stack <name>` (default $PULUMI_STACK or dev) and everything else passed through to Pulumi. */
export function parseArgs(argv: readonly string[], env: NodeJS.ProcessEnv): { stack: string; passThrough: string[] } {
  const passThrough: string[] = [];
  let stack = env.PULUMI_STACK ?? 'dev';
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--stack' || arg === '-s') {
      stack = argv[++i] ?? stack;
    } else if (arg.startsWith('--stack=')) {
      stack = arg.slice('--stack='.length);
    } else {
      passThrough.push(arg);
    }
  }
  return { stack, passThrough };
}

function pulumi(root: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(pulumiBin(root), args, { cwd: root, env, stdio: 'inherit' });
    child.on('exit', (code) => resolve(code ?? 1));
    child.on('error', (error) => {
      console.error(`could not start the Pulumi CLI: ${error.message}`);
      resolve(1);
    });
  });
}

/**
 * Shared body of `npm run deploy` and `npm run preview`: check, select (or create) the stack on the
 * local file backend with the passphrase secrets provider, then run the Pulumi command.
 */
export async function runPulumi(command: 'up' | 'preview', argv: readonly string[], run: Runner = systemRunner): Promise<number> {
  const root = path.resolve(__dirname, '..', '..');
  const { stack, passThrough } = parseArgs(argv, process.env);
  console.log(`Checking prerequisites for "pulumi ${command}" on stack ${stack}:`);
  const { checks, env } = await checkPrerequisites({ root, stack, env: process.env, run });
  console.log(formatChecks(checks));
  if (checks.some((c) => !c.ok)) {
    console.error('\nFix the FAIL lines above, then run this command again.');
    return 1;
  }
  console.log(`State: ${env.PULUMI_BACKEND_URL}\n`);
  const select = await pulumi(root, ['stack', 'select', stack, '--create', '--secrets-provider', 'passphrase'], env);
  if (select !== 0) return select;
  const extra = command === 'preview' ? ['--policy-pack', path.join(root, 'infra', 'policy')] : [];
  const code = await pulumi(root, [command, '--stack', stack, ...extra, ...passThrough], env);
  if (code === 0 && command === 'up') {
    console.log(`\nDeployed. The command that prints the app's URL: npx pulumi stack output frontendUrlCommand --stack ${stack}`);
    console.log(`Watch it:                npx pulumi stack output watchCommands --stack ${stack}`);
  }
  return code;
}
