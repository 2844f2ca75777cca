import { GENERATED_SECRETS, type GeneratedSecret } from '../secret-keys';

/**
 * The secrets a stack must hold that nobody has to choose (`jwtSecret`, and `postgresPassword` for
 * the in-cluster database): which ones a stack lacks, whether the wrapper may make them up (a dev
 * environment only), where each value comes from and the CLI calls that store it. Pure; `run.ts`
 * runs the calls after the stack is selected, before `up`/`preview`.
 *
 * A value goes to `pulumi config set --secret <key>` on stdin, never on the command line (where `ps`
 * and shell history would see it) and never printed: the CLI reads standard input when no value is
 * given and no terminal is attached (pulumi/pulumi pkg/cmd/pulumi/config/config.go, `configSetCmd.Run`:
 * `!term.IsTerminal(stdin)` → `io.ReadAll`, trailing newline removed).
 */

/** `pulumi config --json --stack <s>`: every key the stack holds or the project defaults, secrets without their value. */
export const CONFIG_JSON_ARGS = (stack: string): string[] => ['config', '--json', '--stack', stack];

/** `pulumi config set --secret <key> --stack <s>`, the value on stdin. */
export const SET_SECRET_ARGS = (key: GeneratedSecret, stack: string): string[] => ['config', 'set', '--secret', key, '--stack', stack];

/** What `pulumi config --json` lists of the project: every key, and the values of the plain ones. */
export interface ConfiguredKeys {
  /** `todo:jwtSecret` → `jwtSecret`. */
  keys: Set<string>;
  /** Plain (non-secret) values by key; secrets are listed without theirs. */
  plain: Record<string, string>;
}

/** The project's keys `pulumi config --json` lists, or why its output cannot be read. */
export function configuredKeys(configJson: string, project: string): ConfiguredKeys | { error: string } {
  try {
    const parsed = JSON.parse(configJson) as unknown;
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
    const prefix = `${project}:`;
    const entries = Object.entries(parsed as Record<string, { value?: unknown }>)
      .filter(([k]) => k.startsWith(prefix))
      .map(([k, v]) => [k.slice(prefix.length), v] as const);
    return {
      keys: new Set(entries.map(([k]) => k)),
      plain: Object.fromEntries(entries.flatMap(([k, v]) => (typeof v?.value === 'string' ? [[k, v.value]] : []))),
    };
  } catch {
    return { error: `unexpected output of pulumi config --json: ${configJson.slice(0, 200)}` };
  }
}

/** The generated secrets this stack lacks, in order: `postgresPassword` only without `databaseUrl`. */
export function missingSecrets(keys: ReadonlySet<string>): GeneratedSecret[] {
  return GENERATED_SECRETS.filter((key) => !keys.has(key) && !(key === 'postgresPassword' && keys.has('databaseUrl')));
}

/**
 * The wrapper invents secrets for a dev environment only: the stack `dev`, or one whose
 * `environment` is `dev` (unset, the environment is the stack name, as in infra/config.ts). There the
 * stack file is the only copy of each value and nothing else depends on it. Any other environment's
 * secrets have an owner: a database that already has its password, sessions signed with the
 * deployed `jwtSecret`, a shared stack whose CI injects them (.github/workflows/shared-stack.yml).
 * A value invented there would rotate a live secret, or plan a new in-cluster database where the
 * stack means an external one, so the wrapper names what is missing instead (`missingSecretsProblem`).
 */
export function generatesSecrets(stack: string, plain: Readonly<Record<string, string>>): boolean {
  return (plain.environment ?? stack) === 'dev';
}

/** The secret of the shared-stack workflow's environment each one comes from (.github/workflows/shared-stack.yml). */
const WORKFLOW_SECRET: Record<GeneratedSecret, string> = { jwtSecret: 'JWT_SECRET', postgresPassword: 'DATABASE_URL' };

/** Why a stack outside the dev environment cannot be deployed or previewed yet, with each fix. */
export function missingSecretsProblem(stack: string, plain: Readonly<Record<string, string>>, missing: readonly GeneratedSecret[]): string {
  const set = (key: string) => `npx pulumi config set --secret ${key} --stack ${stack}`;
  const random = (key: string) => `openssl rand -hex 32 | ${set(key)}`;
  const lines = missing.map((key) =>
    key === 'jwtSecret'
      ? `  jwtSecret: ${random('jwtSecret')}`
      : `  databaseUrl (an external PostgreSQL): ${set('databaseUrl')} (it asks for the URL without echoing it)` +
        `\n    or postgresPassword, for an in-cluster PostgreSQL: ${random('postgresPassword')}`,
  );
  return [
    `Stack ${stack} (environment ${plain.environment ?? stack}) lacks secrets the wrapper generates for a dev environment only:`,
    'a value invented here would replace a live one or plan a new in-cluster database. Set each one:',
    ...lines,
    `In the shared-stack workflow they come from the environment's secrets ${missing.map((key) => WORKFLOW_SECRET[key]).join(' and ')} (docs/deploy.md, Pull-request checks).`,
  ].join('\n');
}

/** One secret to store: the key, its value (for stdin only) and the line that says what happened. */
export interface SecretStep {
  key: GeneratedSecret;
  value: string;
  args: string[];
  /** What the wrapper prints: never the value. */
  message: string;
}

/** What to run for each missing secret: a new value from `generate` (32 random bytes as hex in `run.ts`). */
export function secretSteps(stack: string, missing: readonly GeneratedSecret[], generate: () => string): SecretStep[] {
  return missing.map((key) => ({
    key,
    value: generate(),
    args: SET_SECRET_ARGS(key, stack),
    message: `Generated ${key} for stack ${stack} (kept encrypted in Pulumi.${stack}.yaml)`,
  }));
}
