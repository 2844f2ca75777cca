import { GENERATED_SECRETS, type GeneratedSecret } from '../secretKeys';

/**
 * The secrets a stack must hold that nobody has to choose (`jwtSecret`, and `postgresPassword` for
 * the in-cluster database): which ones a stack lacks, where each value comes from and the CLI calls
 * that store it. Pure; `run.ts` runs the calls after the stack is selected, before `up`/`preview`.
 *
 * A value goes to `pulumi config set --secret <key>` on stdin, never on the command line (where `ps`
 * and shell history would see it) and never printed: the CLI reads standard input when no value is
 * given and no terminal is attached (pulumi/pulumi pkg/cmd/pulumi/config/config.go, `configSetCmd.Run`:
 * `!term.IsTerminal(stdin)` → `io.ReadAll`, trailing newline removed).
 */

/** `pulumi config --json --stack <s>`: every key the stack holds or the project defaults, secrets without their value. */
export const CONFIG_JSON_ARGS = (stack: string): string[] => ['config', '--json', '--stack', stack];

/**
 * `pulumi stack export --show-secrets --stack <s>`: the state, secret outputs in plain text (as
 * `{"4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", "plaintext": "<JSON of
 * the value>"}`, pulumi/pulumi pkg/resource/stack/deployment.go `SerializePropertyValue`).
 */
export const EXPORT_ARGS = (stack: string): string[] => ['stack', 'export', '--show-secrets', '--stack', stack];

/** `pulumi config set --secret <key> --stack <s>`, the value on stdin. */
export const SET_SECRET_ARGS = (key: GeneratedSecret, stack: string): string[] => ['config', 'set', '--secret', key, '--stack', stack];

/**
 * The `@pulumi/random` passwords the release before flat config generated for the same purpose
 * (their logical names; infra/testing/urns-7def0d8.json). A stack deployed from it keeps their
 * values in its state; the PostgreSQL volume was initialised with that password and PostgreSQL reads
 * `POSTGRES_PASSWORD` only when it initialises an empty volume, so the value must carry over.
 */
export const RELEASED_PASSWORDS: Record<GeneratedSecret, string> = { jwtSecret: 'jwt-secret', postgresPassword: 'postgres-password' };

/** The keys `pulumi config --json` lists (`todo:jwtSecret` → `jwtSecret`), or why its output cannot be read. */
export function configuredKeys(configJson: string, project: string): { keys: Set<string> } | { error: string } {
  try {
    const parsed = JSON.parse(configJson) as unknown;
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
    const prefix = `${project}:`;
    return { keys: new Set(Object.keys(parsed).filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length))) };
  } catch {
    return { error: `unexpected output of pulumi config --json: ${configJson.slice(0, 200)}` };
  }
}

/** The generated secrets this stack lacks, in order: `postgresPassword` only without `databaseUrl`. */
export function missingSecrets(keys: ReadonlySet<string>): GeneratedSecret[] {
  return GENERATED_SECRETS.filter((key) => !keys.has(key) && !(key === 'postgresPassword' && keys.has('databaseUrl')));
}

interface ExportedResource {
  urn?: string;
  type?: string;
  outputs?: Record<string, unknown>;
}

/**
 * The released passwords' values in an exported state (`pulumi stack export --show-secrets`), by
 * the key that now holds each; empty for a new stack or one that never had them.
 */
export function releasedPasswords(exportJson: string): Partial<Record<GeneratedSecret, string>> {
  let resources: ExportedResource[];
  try {
    resources = ((JSON.parse(exportJson) as { deployment?: { resources?: ExportedResource[] } }).deployment?.resources ?? []).filter(Boolean);
  } catch {
    return {};
  }
  const found: Partial<Record<GeneratedSecret, string>> = {};
  for (const key of GENERATED_SECRETS) {
    const resource = resources.find(
      (r) => r.type === 'random:index/randomPassword:RandomPassword' && r.urn?.endsWith(`::${RELEASED_PASSWORDS[key]}`),
    );
    const value = plainValue(resource?.outputs?.result);
    if (value) found[key] = value;
  }
  return found;
}

/** A state property's plain value: as is, or the JSON inside a shown secret's `plaintext`. */
function plainValue(property: unknown): string | undefined {
  if (typeof property === 'string') return property;
  if (typeof property !== 'object' || property === null) return undefined;
  const plaintext = (property as { plaintext?: unknown }).plaintext;
  if (typeof plaintext !== 'string') return undefined;
  try {
    const value = JSON.parse(plaintext) as unknown;
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

/** One secret to store: the key, its value (for stdin only) and the line that says what happened. */
export interface SecretStep {
  key: GeneratedSecret;
  value: string;
  args: string[];
  /** What the wrapper prints: never the value. */
  message: string;
}

/**
 * What to run for each missing secret: the released password when the state has one, else a new
 * value from `generate` (32 random bytes as hex in `run.ts`).
 */
export function secretSteps(
  stack: string,
  missing: readonly GeneratedSecret[],
  released: Partial<Record<GeneratedSecret, string>>,
  generate: () => string,
): SecretStep[] {
  return missing.map((key) => {
    const kept = released[key];
    const where = `kept encrypted in Pulumi.${stack}.yaml`;
    return {
      key,
      value: kept ?? generate(),
      args: SET_SECRET_ARGS(key, stack),
      message: kept
        ? `Took over ${key} for stack ${stack} from its state (the value the ${RELEASED_PASSWORDS[key]} resource generated; ${where})`
        : `Generated ${key} for stack ${stack} (${where})`,
    };
  });
}
