import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** One prerequisite: what was found, or the command that fixes it. */
export interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

export type PulumiCommand = 'up' | 'preview' | 'destroy' | 'refresh';

/** The npm script that runs each Pulumi command, for fix-it messages. */
export const NPM_SCRIPT: Record<PulumiCommand, string> = { up: 'deploy', preview: 'preview', destroy: 'destroy', refresh: 'refresh' };

export function checkPulumiCli(bin: string, env: NodeJS.ProcessEnv): Check {
  const name = 'Pulumi CLI';
  let executable: boolean;
  try {
    fs.accessSync(bin, fs.constants.X_OK);
    executable = fs.statSync(bin).isFile();
  } catch {
    executable = false;
  }
  if (env.PULUMI_BIN) {
    return {
      name,
      ok: executable,
      detail: executable ? `PULUMI_BIN=${bin}` : `PULUMI_BIN=${bin} is not an executable file: fix the path or unset PULUMI_BIN`,
    };
  }
  return {
    name,
    ok: executable,
    detail: executable
      ? 'node_modules/.bin/pulumi (npm package "pulumi"; downloads the CLI into ~/.pulumi on first use)'
      : 'node_modules/.bin/pulumi is missing: run npm ci at the repository root (or point PULUMI_BIN at a pulumi executable)',
  };
}

export function checkStackFile(root: string, stack: string): Check {
  const exists = fs.existsSync(path.join(root, `Pulumi.${stack}.yaml`));
  return {
    name: `stack "${stack}"`,
    ok: exists,
    detail: exists
      ? `Pulumi.${stack}.yaml`
      : `Pulumi.${stack}.yaml does not exist. Use --stack dev (Minikube) or --stack prod, or copy Pulumi.dev.yaml to Pulumi.${stack}.yaml`,
  };
}

/**
 * The passphrase secrets provider needs `PULUMI_CONFIG_PASSPHRASE` or `PULUMI_CONFIG_PASSPHRASE_FILE`;
 * without a terminal the CLI stops with "passphrase must be set with PULUMI_CONFIG_PASSPHRASE or
 * PULUMI_CONFIG_PASSPHRASE_FILE environment variables" (pulumi/pulumi pkg/secrets/passphrase).
 */
export function checkPassphrase(env: NodeJS.ProcessEnv): Check {
  const name = 'secrets passphrase';
  const file = env.PULUMI_CONFIG_PASSPHRASE_FILE;
  if (env.PULUMI_CONFIG_PASSPHRASE !== undefined && env.PULUMI_CONFIG_PASSPHRASE !== '') {
    return { name, ok: true, detail: 'PULUMI_CONFIG_PASSPHRASE is set' };
  }
  if (file) {
    const ok = fs.existsSync(file);
    return {
      name,
      ok,
      detail: ok ? `PULUMI_CONFIG_PASSPHRASE_FILE=${file}` : `PULUMI_CONFIG_PASSPHRASE_FILE points at ${file}, which does not exist`,
    };
  }
  return {
    name,
    ok: false,
    detail:
      "Set the passphrase that encrypts this stack's secrets: export PULUMI_CONFIG_PASSPHRASE='<choose one and keep it>' (or PULUMI_CONFIG_PASSPHRASE_FILE=<file>)",
  };
}

/** Where state lives: the user's own backend if set, else a project-local file backend (no account needed). */
export function backendUrl(env: NodeJS.ProcessEnv, root: string): string {
  return env.PULUMI_BACKEND_URL ?? `file://${path.join(root, '.pulumi')}`;
}

/** The directory of a `file://` backend URL (`file://~/x` is under the home directory), else undefined. */
export function fileBackendDir(url: string | undefined): string | undefined {
  if (!url?.startsWith('file://')) return undefined;
  const raw = decodeURIComponent(url.slice('file://'.length).replace(/\?.*$/, ''));
  return raw === '~' || raw.startsWith('~/') ? path.join(os.homedir(), raw.slice(1)) : path.resolve(raw);
}

/**
 * The CLI refuses a `file://` backend whose directory is missing ("unable to open bucket file://…:
 * stat …: no such file or directory", pulumi/pulumi#15841), and `.pulumi/` is gitignored, so a
 * fresh clone has none: create it. Other backends (s3://, azblob://, gs://, Pulumi Cloud) pass.
 */
export function ensureFileBackend(url: string): Check {
  const name = 'state backend';
  const dir = fileBackendDir(url);
  if (!dir) return { name, ok: true, detail: url };
  const stat = fs.statSync(dir, { throwIfNoEntry: false });
  if (stat?.isDirectory()) return { name, ok: true, detail: `${url} (exists)` };
  if (stat)
    return {
      name,
      ok: false,
      detail: `${dir} exists but is not a directory: move it away, or set PULUMI_BACKEND_URL to another file:// directory`,
    };
  try {
    fs.mkdirSync(dir, { recursive: true });
    return { name, ok: true, detail: `${url} (created ${dir})` };
  } catch (error) {
    return {
      name,
      ok: false,
      detail: `cannot create ${dir} (${(error as Error).message}): create it yourself (mkdir -p ${dir}) or set PULUMI_BACKEND_URL`,
    };
  }
}

/** A local policy pack is a directory with `PulumiPolicy.yaml` (pulumi/pulumi#3317); the CLI fails to load it otherwise. */
export function checkPolicyPack(dir: string): Check {
  const ok = fs.existsSync(path.join(dir, 'PulumiPolicy.yaml'));
  return {
    name: 'policy pack',
    ok,
    detail: ok ? dir : `${path.join(dir, 'PulumiPolicy.yaml')} is missing: restore it (git checkout -- infra/policy/PulumiPolicy.yaml)`,
  };
}

/**
 * Without a terminal the CLI refuses to change anything unless told to ("--yes or --skip-preview or
 * --preview-only must be passed in to proceed when running in non-interactive mode", the real CLI
 * 3.248 in the cluster suite): say so before it starts.
 */
export function checkNonInteractive(command: PulumiCommand, passThrough: readonly string[], interactive: boolean): Check | undefined {
  if (command === 'preview' || interactive) return undefined;
  const ok = passThrough.some((a) => ['--yes', '-y', '--yes=true', '--skip-preview', '--preview-only'].includes(a));
  return {
    name: 'confirmation',
    ok,
    detail: ok
      ? 'no terminal; --yes given'
      : `no terminal to confirm in: run npm run ${NPM_SCRIPT[command]} -- --yes (after a npm run preview)`,
  };
}
