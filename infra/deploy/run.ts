import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import { parseWrapperArgs } from './args';
import { NPM_SCRIPT, type PulumiCommand } from './checks';
import { captureCli, failureOf, listStacks, pulumiBin, runCli, type CliContext } from './cli';
import type { Runner } from './minikube';
import { checkPrerequisites, formatChecks } from './prerequisites';
import { CONFIG_JSON_ARGS, configuredKeys, missingSecrets, secretSteps } from './stack-secrets';
import { smokeMain } from '../smoke/cli';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
/** The Pulumi project (`name:` in Pulumi.yaml); its config keys are `todo:<key>`. */
const PROJECT = 'todo';

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
 * Gives the selected stack the secrets it lacks and nobody has to choose (`jwtSecret`, and
 * `postgresPassword` without `databaseUrl`), kept encrypted in its stack file: 32 random bytes as
 * hex each. Each value goes to the CLI on stdin and is never printed (stack-secrets.ts).
 */
function ensureStackSecrets(cli: CliContext, stack: string): number {
  const listed = captureCli(cli, CONFIG_JSON_ARGS(stack));
  const configured = listed.status === 0 ? configuredKeys(listed.stdout, PROJECT) : { error: failureOf(listed) };
  if ('error' in configured) {
    console.error(`\nCould not read the config of stack ${stack}: ${configured.error}`);
    return 1;
  }
  const missing = missingSecrets(configured.keys);
  if (missing.length === 0) return 0;
  for (const step of secretSteps(stack, missing, () => randomBytes(32).toString('hex'))) {
    const result = captureCli(cli, step.args, step.value);
    if (result.status !== 0 || result.error) {
      console.error(`\nCould not store ${step.key} in stack ${stack}: ${failureOf(result)}`);
      return 1;
    }
    console.log(step.message);
  }
  return 0;
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
  if (command === 'up' || command === 'preview') {
    const secrets = ensureStackSecrets(cli, stack);
    if (secrets !== 0) return secrets;
  }

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
    console.log(
      `\nDestroyed. The stack's history stays in ${prerequisites.env.PULUMI_BACKEND_URL}; remove it with npx pulumi stack rm ${stack}.`,
    );
  }
  return code;
}
