import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { exec, execOk, execSyncOk, type ExecResult } from './exec';
import type { Tools } from './tools';

/**
 * A fresh clone of the commit under test, with its own `npm ci`, and the environment the project's
 * commands run in: the real Pulumi CLI (PULUMI_BIN), its Node language host first on PATH, a
 * temporary `file://` state backend and PULUMI_HOME (where the built Kubernetes provider is installed
 * as the plugin version the npm SDK asks for), a passphrase, and the cluster's kubeconfig.
 */
export interface Workspace {
  dir: string;
  commit: string;
  env: NodeJS.ProcessEnv;
  /** `npm run <script> -- <args>` in the clone. */
  npm(script: string, args: readonly string[], log: string): Promise<ExecResult>;
  /** The real CLI in the clone, with the workspace's environment; no log for output that holds secrets. */
  pulumi(args: readonly string[], log: string | undefined, input?: string): Promise<ExecResult>;
  /** `git` in the clone. */
  git(args: readonly string[], log: string): Promise<string>;
}

export interface WorkspaceOptions {
  /** The repository whose commit is tested. */
  root: string;
  commit: string;
  /** Everything of this run lives below it (clone, state, plugins). */
  runDir: string;
  tools?: Tools;
  kubeconfig?: string;
  log: string;
}

/** The suite's own passphrase for its throwaway stacks (random per run: nothing else can read them). */
function runPassphrase(): string {
  return crypto.randomBytes(24).toString('hex');
}

export async function createWorkspace(options: WorkspaceOptions): Promise<Workspace> {
  const { root, commit, runDir, tools, log } = options;
  const dir = path.join(runDir, 'clone');
  const state = path.join(runDir, 'state');
  const pulumiHome = path.join(runDir, 'pulumi-home');
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(state, { recursive: true });
  if (tools) fs.mkdirSync(pulumiHome, { recursive: true });

  await execOk('git', ['clone', '--quiet', '--no-checkout', root, dir], { log });
  await execOk('git', ['-C', dir, 'checkout', '--quiet', '--detach', commit], { log });

  const pathEntries = [tools?.languageDir, process.env.PATH].filter(Boolean).join(path.delimiter);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    CI: process.env.CI ?? 'true',
    PATH: pathEntries,
    PULUMI_BACKEND_URL: `file://${state}`,
    PULUMI_CONFIG_PASSPHRASE: runPassphrase(),
    PULUMI_SKIP_UPDATE_CHECK: 'true',
    // With the built tools: plugins only from this run's PULUMI_HOME (nothing can be downloaded
    // here). On a laptop or GitHub the CLI fetches the docker and kubernetes plugins as usual.
    ...(tools ? { PULUMI_BIN: tools.pulumi, PULUMI_HOME: pulumiHome, PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: 'true' } : {}),
    ...(options.kubeconfig ? { KUBECONFIG: options.kubeconfig } : {}),
  };
  delete env.PULUMI_STACK;
  const bin = env.PULUMI_BIN ?? path.join(dir, 'node_modules', '.bin', 'pulumi');

  const workspace: Workspace = {
    dir,
    commit,
    env,
    npm: (script, args, stepLog) => exec('npm', ['run', '--silent', script, '--', ...args], { cwd: dir, env, log: stepLog }),
    pulumi: (args, stepLog, input) => exec(bin, [...args], { cwd: dir, env, log: stepLog, input }),
    git: (args, stepLog) => execOk('git', ['-C', dir, ...args], { log: stepLog }),
  };
  await installDependencies(workspace, log);
  if (tools) {
    await execOk(
      tools.pulumi,
      ['plugin', 'install', 'resource', 'kubernetes', tools.kubernetesProviderVersion, '--file', tools.kubernetesProvider],
      { cwd: dir, env, log },
    );
  }
  return workspace;
}

/** `npm ci` in the clone (from npm's cache when warm). */
export async function installDependencies(workspace: Workspace, log: string): Promise<void> {
  await execOk('npm', ['ci', '--no-audit', '--no-fund', '--prefer-offline'], { cwd: workspace.dir, env: workspace.env, log });
}

/** The commit the suite tests: HEAD of the repository it runs from. */
export function headCommit(root: string): string {
  return execSyncOk('git', ['-C', root, 'rev-parse', 'HEAD']).trim();
}
