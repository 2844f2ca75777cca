import * as path from 'node:path';
import { parseWrapperArgs } from './args';
import { NPM_SCRIPT, type PulumiCommand } from './checks';
import { listStacks, pulumiBin, runCli, type CliContext } from './cli';
import type { Runner } from './minikube';
import { checkPrerequisites, formatChecks } from './prerequisites';
import { smokeMain } from '../smoke/cli';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');

export interface RunOptions {
  root?: string;
  env?: NodeJS.ProcessEnv;
  run?: Runner;
  interactive?: boolean;
}

/**
 * Selects the stack: `up`/`preview` create it on first use (passphrase secrets provider); `destroy`
 * and `refresh` need one that exists, and say where they looked when it does not (the CLI's own
 * answer would be "no stack named 'dev' found").
 */
async function selectStack(cli: CliContext, command: PulumiCommand, stack: string): Promise<number> {
  if (command === 'up' || command === 'preview') {
    return runCli(cli, ['stack', 'select', stack, '--create', '--secrets-provider', 'passphrase']);
  }
  const stacks = listStacks(cli);
  if ('error' in stacks) {
    console.error(`\nCould not list the stacks in ${cli.env.PULUMI_BACKEND_URL}: ${stacks.error}`);
    return 1;
  }
  if (!stacks.names.includes(stack)) {
    const found = stacks.names.length > 0 ? `it has: ${stacks.names.join(', ')}` : 'it has no stack of this project';
    console.error(
      `\nStack "${stack}" does not exist in ${cli.env.PULUMI_BACKEND_URL} (${found}), so there is nothing to ${command}.` +
        `\nIf you deployed it with another state backend, set PULUMI_BACKEND_URL to that one; to create it, run npm run deploy -- --stack ${stack}.`,
    );
    return 1;
  }
  return runCli(cli, ['stack', 'select', stack]);
}

/**
 * The body of `npm run deploy|preview|destroy|refresh`: check everything the CLI and the providers
 * need (with a fix for each failure), select the stack on the state backend, then run the command.
 */
export async function runPulumi(command: PulumiCommand, argv: readonly string[], options: RunOptions = {}): Promise<number> {
  const root = options.root ?? REPO_ROOT;
  const env = options.env ?? process.env;
  const { stack, passThrough, smoke } = parseWrapperArgs(argv, env);
  const bin = pulumiBin(root, env);
  console.log(`Checking prerequisites for "pulumi ${command}" on stack ${stack}:`);
  const prerequisites = await checkPrerequisites({
    root,
    stack,
    command,
    passThrough,
    env,
    bin,
    interactive: options.interactive ?? Boolean(process.stdin.isTTY),
    run: options.run,
  });
  console.log(formatChecks(prerequisites.checks));
  if (prerequisites.checks.some((c) => !c.ok)) {
    console.error(`\nFix the FAIL lines above, then run npm run ${NPM_SCRIPT[command]} again.`);
    return 1;
  }
  console.log(`State: ${prerequisites.env.PULUMI_BACKEND_URL}\n`);
  const cli: CliContext = { bin, cwd: root, env: prerequisites.env };
  const selected = await selectStack(cli, command, stack);
  if (selected !== 0) return selected;

  const policyPack = command === 'preview' ? ['--policy-pack', path.join(root, 'infra', 'policy')] : [];
  const code = await runCli(cli, [command, '--stack', stack, ...policyPack, ...passThrough]);
  if (code === 0 && command === 'up') {
    console.log(`\nDeployed. The command that prints the app's URL: npx pulumi stack output frontendUrlCommand --stack ${stack}`);
    console.log(`Watch it:                npx pulumi stack output watchCommands --stack ${stack}`);
    if (smoke) {
      // The release through its front door (infra/smoke); its exit code becomes deploy's.
      console.log('\nSmoke test of the release (skip it with --no-smoke):');
      return smokeMain(['--stack', stack], prerequisites.env, { root });
    }
  }
  if (code === 0 && command === 'destroy') {
    console.log(`\nDestroyed. The stack's history stays in ${prerequisites.env.PULUMI_BACKEND_URL}; remove it with npx pulumi stack rm ${stack}.`);
  }
  return code;
}
