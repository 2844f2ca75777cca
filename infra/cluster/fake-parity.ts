import * as fs from 'node:fs';
import * as path from 'node:path';
import { exec, tail } from './exec';

/**
 * The fake `pulumi` (infra/testing/fakes/pulumi) stands in for the CLI in `npm test`, where no CLI
 * can run; it must refuse what the real one refuses. Each case here runs both, the same way, in a
 * throwaway project, and expects both to fail with the same words. What the real CLI cannot be made
 * to do here (a policy pack through the 3.68 language host) stays modelled only.
 */
interface RefusalCase {
  name: string;
  args: string[];
  /** Environment over the base one (undefined removes a variable). */
  env: Record<string, string | undefined>;
  /** What both CLIs must say. */
  says: string;
}

function cases(dir: string): RefusalCase[] {
  const state = `file://${path.join(dir, 'state')}`;
  const withPassphrase = { PULUMI_BACKEND_URL: state, PULUMI_CONFIG_PASSPHRASE: 'parity' };
  return [
    {
      name: 'a file:// backend whose directory is missing',
      args: ['stack', 'ls'],
      env: { PULUMI_BACKEND_URL: `file://${path.join(dir, 'missing')}` },
      says: 'unable to open bucket',
    },
    {
      name: 'a passphrase stack without the passphrase',
      args: ['stack', 'select', 'nopass', '--create', '--secrets-provider', 'passphrase'],
      env: { PULUMI_BACKEND_URL: state, PULUMI_CONFIG_PASSPHRASE: undefined },
      says: 'passphrase must be set with PULUMI_CONFIG_PASSPHRASE or PULUMI_CONFIG_PASSPHRASE_FILE environment variables',
    },
    {
      name: 'selecting a stack that does not exist',
      args: ['stack', 'select', 'nosuch'],
      env: withPassphrase,
      says: "no stack named 'nosuch' found",
    },
    {
      name: 'up without --yes and no terminal',
      args: ['up', '--stack', 'dev'],
      env: withPassphrase,
      says: '--yes or --skip-preview or --preview-only must be passed in to proceed when running in non-interactive mode',
    },
    {
      name: 'a declared config key without default left unset',
      args: ['preview', '--stack', 'dev'],
      env: withPassphrase,
      says: "Stack 'dev' is missing configuration value 'needed'",
    },
  ];
}

/** Runs every case with both CLIs, each in a project of its own; returns each disagreement. */
export async function fakeParityProblems(realPulumi: string, fakePulumi: string, dir: string, log: string): Promise<string[]> {
  const problems: string[] = [];
  for (const [who, bin] of [
    ['real', realPulumi],
    ['fake', fakePulumi],
  ] as const) {
    const project = path.join(dir, who);
    fs.mkdirSync(path.join(project, 'state'), { recursive: true });
    // A project that declares a key without a default, as the engine reads Pulumi.yaml.
    fs.writeFileSync(path.join(project, 'Pulumi.yaml'), 'name: parity\nruntime: nodejs\nconfig:\n  needed:\n    type: string\n');
    const base: NodeJS.ProcessEnv = { ...process.env, PULUMI_HOME: path.join(project, 'home'), PULUMI_SKIP_UPDATE_CHECK: 'true' };
    delete base.PULUMI_CONFIG_PASSPHRASE;
    delete base.PULUMI_CONFIG_PASSPHRASE_FILE;
    const setup = { ...base, PULUMI_BACKEND_URL: `file://${path.join(project, 'state')}`, PULUMI_CONFIG_PASSPHRASE: 'parity' };
    const init = await exec(bin, ['stack', 'select', 'dev', '--create', '--secrets-provider', 'passphrase'], {
      cwd: project,
      env: setup,
      log,
    });
    if (init.code !== 0) return [`the ${who} CLI could not create stack dev: ${tail(init.output, 5)}`];
    for (const c of cases(project)) {
      const env: NodeJS.ProcessEnv = { ...base };
      for (const [key, value] of Object.entries(c.env)) {
        if (value === undefined) delete env[key];
        else env[key] = value;
      }
      const result = await exec(bin, c.args, { cwd: project, env, log });
      if (result.code === 0) problems.push(`${c.name}: the ${who} CLI accepted pulumi ${c.args.join(' ')}`);
      else if (!result.output.includes(c.says))
        problems.push(`${c.name}: the ${who} CLI did not say "${c.says}":\n${tail(result.output, 3)}`);
    }
  }
  return problems;
}
