/**
 * Pure comparison of a rendered Kubernetes object (what the program declares, from `npm run render`'s
 * mocked run) with the live object the API server returns. The live object has more (defaults,
 * status, server-set labels); every field the render sets must be there with the same value.
 */

type Json = unknown;

const isObject = (v: Json): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Paths (`spec.template.spec.containers[0].image`) where `actual` lacks or differs from a value
 * `expected` sets. Arrays compare element by element (order is meaningful in containers, ports, env).
 */
export function specMismatches(expected: Json, actual: Json, at = ''): string[] {
  if (isObject(expected)) {
    if (!isObject(actual)) return [`${at || '.'}: expected an object, found ${JSON.stringify(actual)}`];
    return Object.entries(expected).flatMap(([key, value]) =>
      value === undefined || value === null ? [] : specMismatches(value, actual[key], at ? `${at}.${key}` : key),
    );
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return [`${at}: expected a list, found ${JSON.stringify(actual)}`];
    if (actual.length !== expected.length) return [`${at}: expected ${expected.length} items, found ${actual.length}`];
    return expected.flatMap((value, i) => specMismatches(value, actual[i], `${at}[${i}]`));
  }
  return sameScalar(expected, actual) ? [] : [`${at}: expected ${JSON.stringify(expected)}, found ${JSON.stringify(actual)}`];
}

/** Scalars compare as written, except quantities the API server rewrites in canonical form. */
function sameScalar(expected: Json, actual: Json): boolean {
  if (expected === actual) return true;
  if (typeof expected === 'string' && typeof actual === 'string') return canonicalQuantity(expected) === canonicalQuantity(actual);
  return false;
}

/** `0.5` and `500m` are the same CPU quantity; the API server stores the canonical form. */
export function canonicalQuantity(value: string): string {
  const decimal = /^(\d+)\.(\d+)$/.exec(value);
  if (!decimal) return value;
  const milli = Math.round(Number(value) * 1000);
  return milli % 1000 === 0 ? String(milli / 1000) : `${milli}m`;
}

/**
 * The part of a rendered object to find on the live one: its labels and annotations, and the body
 * (`spec`, or a ConfigMap's `data`). A Secret's `stringData` is stored base64-encoded under `data`.
 */
export function comparable(rendered: Record<string, Json>): Record<string, Json> {
  const metadata = isObject(rendered.metadata) ? rendered.metadata : {};
  const out: Record<string, Json> = { metadata: { labels: metadata.labels, annotations: metadata.annotations } };
  if (rendered.spec !== undefined) out.spec = rendered.spec;
  if (rendered.data !== undefined) out.data = rendered.data;
  if (isObject(rendered.stringData)) {
    out.data = Object.fromEntries(
      Object.entries(rendered.stringData).map(([k, v]) => [k, Buffer.from(String(v), 'utf8').toString('base64')]),
    );
  }
  if (rendered.type !== undefined) out.type = rendered.type;
  return out;
}
