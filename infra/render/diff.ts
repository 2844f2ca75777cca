import { createPatch } from 'diff';
import { parseAllDocuments, parse, stringify } from 'yaml';

/**
 * The manifest diff a pull request gets: the rendered Kubernetes objects (and image builds) of one
 * stack at the base commit against the PR head, object by object. Both sides are read back from the
 * files `npm run render` writes (`all.yaml`, `images.yaml`, secrets already redacted) and written
 * out again the same way, so only real changes show.
 */
export type Manifests = Map<string, string>;

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (typeof v === 'object' && v !== null ? (v as Obj) : {});
const text = (v: unknown): string => (typeof v === 'string' || typeof v === 'number' ? String(v) : '?');

/** `Kind/name` → the object's YAML, for every object in `all.yaml` and every build in `images.yaml`. */
export function readManifests(allYaml: string, imagesYaml = ''): Manifests {
  const manifests: Manifests = new Map();
  for (const doc of parseAllDocuments(allYaml)) {
    const object = obj(doc.toJS());
    if (Object.keys(object).length === 0) continue;
    manifests.set(`${text(object.kind)}/${text(obj(object.metadata).name)}`, stringify(object, { lineWidth: 0 }));
  }
  const images: unknown = imagesYaml ? parse(imagesYaml) : [];
  for (const image of Array.isArray(images) ? images : []) {
    manifests.set(`Image/${text(obj(image).name)}`, stringify(image, { lineWidth: 0 }));
  }
  return manifests;
}

export interface ObjectChange {
  key: string;
  change: 'added' | 'removed' | 'changed';
  /** Unified diff of the object's YAML (base → head). */
  patch: string;
}

export function diffManifests(base: Manifests, head: Manifests): ObjectChange[] {
  const keys = [...new Set([...base.keys(), ...head.keys()])].sort();
  const changes: ObjectChange[] = [];
  for (const key of keys) {
    const before = base.get(key);
    const after = head.get(key);
    if (before === after) continue;
    const change = before === undefined ? 'added' : after === undefined ? 'removed' : 'changed';
    const patch = createPatch(key, before ?? '', after ?? '', 'base', 'head', { context: 3 })
      .split('\n')
      .slice(4) // the Index/===/---/+++ header: the object's name is the heading already
      .join('\n')
      .trimEnd();
    changes.push({ key, change, patch });
  }
  return changes;
}
