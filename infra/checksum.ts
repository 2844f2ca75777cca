import { createHash } from 'node:crypto';

/**
 * A stable SHA-256 of a string map (key order does not matter). Used as a pod-template annotation so
 * that any change to a ConfigMap's or Secret's data changes the template and rolls the pods.
 */
export function checksumOf(data: Readonly<Record<string, string>>): string {
  const sorted = Object.keys(data)
    .sort()
    .map((key) => [key, data[key]]);
  return createHash('sha256').update(JSON.stringify(sorted)).digest('hex');
}
