import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import { appUrlHint } from './app-url';
import { parseWrapperArgs } from './args';
import { NPM_SCRIPT, type PulumiCommand } from './checks';
import { captureCli, failureOf, listStacks, pulumiBin, runCli, type Captured, type CliContext } from './cli';
import { replaceLostImages } from './lost-images';
import { checkInterruptedRun } from './pending';
import { readKeptMessage } from './retained';
import { exportStack } from './stack-state';
import { checkStorageChange } from './storage-change';
import { systemRunner, type Runner } from './minikube';
import { deliverByImageLoad } from './image-load';
import { checkPrerequisites, formatChecks } from './prerequisites';
import { CONFIG_JSON_ARGS, configuredKeys, generatesSecrets, missingSecrets, missingSecretsProblem, secretSteps } from './stack-secrets';

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
 * hex each. Each value goes to the CLI on stdin and is never printed (stack-secrets.ts). Only for a
 * dev environment: any other stack stops here, naming each missing secret and how to set it.
 */
function ensureStackSecrets(cli: CliContext, stack: string, listed: Captured): number {
  const configured = listed.status === 0 ? configuredKeys(listed.stdout, PROJECT) : { error: failureOf(listed) };
  if ('error' in configured) {
    console.error(`\nCould not read the config of stack ${stack}: ${configured.error}`);
    return 1;
  }
  const missing = missingSecrets(configured.keys);
  if (missing.length === 0) return 0;
  if (!generatesSecrets(stack, configured.plain)) {
    console.error(`\n${missingSecretsProblem(stack, configured.plain, missing)}`);
    return 1;
  }
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

/** What the checks on the stack's state and config decided before the command runs. */
interface StackChecks {
  /** Non-zero: stop with this exit code (the reason is printed). */
  code: number;
  /** Flags for the CLI (`--replace <urn>` per lost image). */
  flags: string[];
  /** Printed should `up` fail (a claim whose class may not allow expansion). */
  storageHint?: string;
  /** What destroy keeps (a protected database), printed after it. */
  kept: string[];
}

/**
 * The checks between selecting the stack and running the command, on one export of its state and
 * one read of its config: a run cut off mid-operation (pending.ts: go on, or stop with the one
 * command that clears it), the secrets a dev stack lacks (generated), images the daemon lost since
 * the last deploy (lost-images.ts: `--replace`; preview shows it too), a storage change the live
 * claim cannot take (storage-change.ts: stop before anything changes), and what destroy will keep
 * (retained.ts, read while the state still lists it).
 */
async function stackChecks(
  cli: CliContext,
  command: PulumiCommand,
  stack: string,
  root: string,
  passThrough: readonly string[],
  userBackendUrl: string | undefined,
): Promise<StackChecks> {
  const exported = exportStack(cli, stack);
  const stop = (code: number): StackChecks => ({ code, flags: [], kept: [] });
  if (command !== 'preview') {
    const interrupted = checkInterruptedRun(cli, exported, command, stack, PROJECT, passThrough, userBackendUrl);
    if (interrupted !== 0) return stop(interrupted);
  }
  if (command === 'destroy') return { ...stop(0), kept: readKeptMessage(exported, stack) };
  if (command === 'refresh') return stop(0);
  const config = captureCli(cli, CONFIG_JSON_ARGS(stack));
  const secrets = ensureStackSecrets(cli, stack, config);
  if (secrets !== 0) return stop(secrets);
  const flags = await replaceLostImages(cli, exported, stack, root);
  const storage = checkStorageChange(exported, config.status === 0 ? config.stdout : undefined, stack, PROJECT);
  if (storage.problem) {
    console.error(`\n${storage.problem}`);
    return stop(1);
  }
  return { code: 0, flags, kept: [], storageHint: storage.hint };
}

/**
 * `up` and `preview` run the policy pack (infra/policy) unless `--no-policy`. For `up` the engine
 * runs it in the preview that `up` starts with, so a mandatory violation stops the deploy before
 * anything changes: the step generator records a mandatory diagnostic in a preview as an error
 * (pulumi/pulumi pkg/resource/deploy/step_generator.go, `sawError`), the failed preview ends the
 * command before the update (pkg/backend/apply.go `PreviewThenPromptThenExecute`), and in the update
 * itself a mandatory violation makes the resource invalid before it is touched ("during the update,
 * the first policy violation will halt the deployment", pulumi/pulumi-policy README). With
 * `--skip-preview` only that last guard is left: resources registered before the offending one may
 * already have changed.
 */
const runsPolicyPack = (command: PulumiCommand): boolean => command === 'up' || command === 'preview';

/** The loud line `--no-policy` prints: nothing checked this run against the policies. */
const policySkippedNotice = (command: PulumiCommand): string =>
  `\n!!! POLICY PACK SKIPPED (--no-policy): pulumi ${command} runs without infra/policy; no policy checks this ${command === 'up' ? 'deploy' : 'preview'}.\n`;

/**
 * The body of `npm run deploy|preview|destroy|refresh`: check everything the CLI and the providers
 * need (with a fix for each failure), select the stack on the state backend, then run the command.
 */
export async function runPulumi(command: PulumiCommand, argv: readonly string[], options: RunOptions = {}): Promise<number> {
  const root = options.root ?? REPO_ROOT;
  const env = options.env ?? process.env;
  const { stack, passThrough, smoke, policy } = parseWrapperArgs(argv, env);
  const policyPack = runsPolicyPack(command) && policy ? path.join(root, 'infra', 'policy') : undefined;
  const bin = pulumiBin(root, env);
  console.log(`Checking prerequisites for "pulumi ${command}" on stack ${stack}:`);
  const prerequisites = await checkPrerequisites({
    root,
    stack,
    command,
    passThrough,
    policyPack,
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
  const checked = await stackChecks(cli, command, stack, root, passThrough, env.PULUMI_BACKEND_URL);
  if (checked.code !== 0) return checked.code;
  if (command === 'up' && prerequisites.imageLoad) {
    // Before the engine: the program deploys these tags with imagePullPolicy Never (image-load.ts).
    const run = options.run ?? systemRunner(prerequisites.env);
    const delivered = await deliverByImageLoad(prerequisites.imageLoad, { root, env: prerequisites.env, run });
    if (delivered !== 0) return delivered;
  }

  if (runsPolicyPack(command) && !policyPack) console.log(policySkippedNotice(command));
  const policyFlags = policyPack ? ['--policy-pack', policyPack] : [];
  const code = await runCli(cli, [command, '--stack', stack, ...policyFlags, ...checked.flags, ...passThrough]);
  if (code === 0 && command === 'up') {
    console.log(`\nDeployed. ${appUrlHint(stack, prerequisites.minikubeProfile, process.platform, env)}`);
    console.log(`Watch it:                npx pulumi stack output watchCommands --stack ${stack}`);
    if (smoke) {
      // The release through its front door (infra/smoke); its exit code becomes deploy's.
      console.log('\nSmoke test of the release (skip it with --no-smoke):');
      // Loaded only here: the smoke test's modules (@todo/contracts, zod) cost about 0.4 s of start-up.
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy on purpose
      const { smokeMain } = require('../smoke/cli') as typeof import('../smoke/cli');
      return smokeMain(['--stack', stack], prerequisites.env, { root });
    }
  }
  if (code !== 0 && command === 'up' && checked.storageHint) console.error(`\n${checked.storageHint}`);
  if (code === 0 && command === 'destroy') {
    console.log(
      `\nDestroyed. The stack's history stays in ${prerequisites.env.PULUMI_BACKEND_URL}; remove it with npx pulumi stack rm ${stack}.`,
    );
    if (checked.kept.length > 0) console.log(`\n${checked.kept.join('\n')}`);
  }
  return code;
}
