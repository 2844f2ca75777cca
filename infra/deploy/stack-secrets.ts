import { GENERATED_SECRETS, type GeneratedSecret } from '../secret-keys';

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

/** `pulumi config set --secret <key> --stack <s>`, the value on stdin. */
export const SET_SECRET_ARGS = (key: GeneratedSecret, stack: string): string[] => ['config', 'set', '--secret', key, '--stack', stack];

/** The keys `pulumi config --json` lists (`todo:jwtSecret` → `jwtSecret`), or why its output cannot be read. */
export function configuredKeys(configJson: string, project: string): { keys: Set<string> } | { error: string } {
  try {
    const parsed = JSON.parse(configJson) as unknown;
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
    const prefix = `${project}:`;
    return {
      keys: new Set(
        Object.keys(parsed)
          .filter((k) => k.startsWith(prefix))
          .map((k) => k.slice(prefix.length)),
      ),
    };
  } catch {
    return { error: `unexpected output of pulumi config --json: ${configJson.slice(0, 200)}` };
  }
}

/** The generated secrets this stack lacks, in order: `postgresPassword` only without `databaseUrl`. */
export function missingSecrets(keys: ReadonlySet<string>): GeneratedSecret[] {
  return GENERATED_SECRETS.filter((key) => !keys.has(key) && !(key === 'postgresPassword' && keys.has('databaseUrl')));
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
