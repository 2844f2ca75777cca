import { stringify } from 'yaml';
import type { RenderedResource } from './record';

export const REDACTED = '<secret: set in Pulumi config, never rendered>';

/** A copy of the value with every secret path replaced by a marker, so manifests can be shared. */
export function redactSecrets(resource: RenderedResource): Record<string, unknown> {
  const copy = structuredClone(resource.inputs);
  for (const secretPath of resource.secretPaths) {
    const parts = secretPath.match(/[^.[\]]+/g) ?? [];
    if (parts.length === 0) continue;
    let node: Record<string, unknown> | unknown[] = copy;
    for (const part of parts.slice(0, -1)) {
      node = node[part] as Record<string, unknown>;
      if (node === undefined || node === null) break;
    }
    const last = parts[parts.length - 1] as string;
    if (node !== undefined && node !== null) {
      const holder = node;
      const current = holder[last];
      holder[last] =
        typeof current === 'object' && current !== null && !Array.isArray(current)
          ? Object.fromEntries(Object.keys(current).map((key) => [key, REDACTED]))
          : REDACTED;
    }
  }
  return copy;
}

export interface ManifestFile {
  /** File name, e.g. `05-deployment-backend.yaml`. */
  file: string;
  body: string;
}

/**
 * The Kubernetes objects as YAML files (one per object, numbered in registration order, plus
 * `all.yaml`), and `images.yaml` describing the image builds. Secrets are redacted.
 */
export function toManifestFiles(rendered: readonly RenderedResource[], header: string): ManifestFile[] {
  const objects = rendered.filter((r) => r.type.startsWith('kubernetes:'));
  const files: ManifestFile[] = objects.map((r, i) => {
    const body = redactSecrets(r);
    const kind = (typeof body.kind === 'string' ? body.kind : (r.type.split(':').pop() ?? '')).toLowerCase();
    const metadataName = (body.metadata as Record<string, unknown> | undefined)?.name;
    const name = typeof metadataName === 'string' ? metadataName : r.name;
    return { file: `${String(i + 1).padStart(2, '0')}-${kind}-${name}.yaml`, body: stringify(body, { lineWidth: 0 }) };
  });
  const all = `# ${header}\n${files.map((f) => `---\n${f.body}`).join('')}`;
  const images = rendered.filter((r) => r.type === 'docker:index/image:Image').map((r) => ({ name: r.name, ...redactSecrets(r) }));
  return [
    ...files.map((f) => ({ file: f.file, body: `# ${header}\n${f.body}` })),
    { file: 'all.yaml', body: all },
    { file: 'images.yaml', body: `# ${header}\n${stringify(images, { lineWidth: 0 })}` },
  ];
}
