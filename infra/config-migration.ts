/**
 * The settings' old dotted spelling (`backend.replicas`, `ingress.tls.secretName`) and the flat key
 * that replaced each one. The engine reads a key `Pulumi.yaml` declares as a property path, so a
 * stack file's `todo:backend.replicas` was never found and the defaults were written back as objects
 * (`todo:backend: {replicas: 2}`; pulumi/pulumi pkg/workspace/config.go `mergeConfig`): a stack
 * still holding either is told which key to set instead.
 */

/** The keys the program knows, as `infra/config.ts` lists them. */
export interface KnownKeys {
  plain: readonly string[];
  secret: readonly string[];
}

/** Old names that are not the camel-cased join of their parts. */
const SPECIAL: Record<string, string> = { 'images.nodeImage': 'nodeImage', 'images.platform': 'imagePlatform' };

/** The flat key that replaces an old dotted one (`ingress.tls.secretName` → `ingressTlsSecretName`), or undefined. */
export function renamedKey(oldKey: string, known: KnownKeys): string | undefined {
  const parts = oldKey.split('.');
  if (parts.length < 2) return undefined;
  const flat = SPECIAL[oldKey] ?? parts.map((p, i) => (i === 0 ? p : p.charAt(0).toUpperCase() + p.slice(1))).join('');
  return known.plain.includes(flat) || known.secret.includes(flat) ? flat : undefined;
}

/** The dotted paths of an object's leaves (`{"tls":{"secretName":"x"}}` under `ingress` → `ingress.tls.secretName`). */
function leaves(prefix: string, value: unknown): { path: string; value: unknown }[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [{ path: prefix, value }];
  return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => leaves(`${prefix}.${k}`, v));
}

const shellWord = (value: string) => (/^[\w./:=@-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`);

/**
 * When `key` (without `todo:`) is an old dotted key, or an object standing for old dotted keys,
 * the problem naming the key(s) that replace it and the commands to move the value over; else
 * undefined. A value is repeated in the fix only when its new key is not a secret.
 */
export function oldKeyProblem(project: string, key: string, value: string | undefined, known: KnownKeys): string | undefined {
  let found: { path: string; value: unknown }[];
  if (key.includes('.')) {
    found = [{ path: key, value }];
  } else {
    let parsed: unknown;
    try {
      parsed = JSON.parse(value ?? '');
    } catch {
      return undefined;
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
    found = leaves(key, parsed);
  }
  const moves = found.map((leaf) => ({ ...leaf, to: renamedKey(leaf.path, known) }));
  if (moves.length === 0 || moves.some((m) => m.to === undefined)) return undefined;
  const sets = moves.map(({ to, value: v }) => {
    if (known.secret.includes(to as string)) return `pulumi config set --secret ${to} <value>`;
    const plain = typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? shellWord(String(v)) : '<value>';
    return `pulumi config set ${to} ${plain}`;
  });
  const what = key.includes('.') ? 'the old dotted spelling' : `an object holding old dotted keys (${moves.map((m) => m.path).join(', ')})`;
  return (
    `${project}:${key} is ${what}, which the engine reads as a path and never finds; ` +
    `now ${moves.map((m) => m.to).join(', ')}; fix: pulumi config rm ${key} && ${sets.join(' && ')}`
  );
}
