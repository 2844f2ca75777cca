import { kubeContextOf, objectOf, parseStackExport, type StackExport, type StateResource } from './stack-state';

/**
 * What `destroy` leaves in the cluster: the resources the state marks `retainOnDelete` (the
 * protected database's namespace and credentials Secret, and the claim its size patch stands for:
 * config `protectDatabase`). Pure: the wrapper reads the state before `destroy` and prints this
 * after a successful one. An object inside a namespace that is not kept goes with the namespace.
 */

export interface KeptObject {
  kind: string;
  name: string;
  namespace?: string;
}

/**
 * The objects a destroy keeps. A Patch resource records the kind of the object it patched
 * (`PersistentVolumeClaim` for the claim's size patch), so the claim is listed under its own kind.
 */
export function keptObjects(resources: readonly StateResource[]): KeptObject[] {
  const retained = resources.filter((r) => r.retainOnDelete === true && r.type.startsWith('kubernetes:'));
  const objects = retained.flatMap((r) => {
    const object = objectOf(r);
    return object ? [object] : [];
  });
  const keptNamespaces = new Set(objects.filter((o) => o.kind === 'Namespace').map((o) => o.name));
  return objects.filter((o) => o.namespace === undefined || keptNamespaces.has(o.namespace));
}

/** The lines `npm run destroy` prints after a successful destroy that kept objects; none when it kept nothing. */
export function keptMessage(resources: readonly StateResource[], stack: string): string[] {
  const kept = keptObjects(resources);
  if (kept.length === 0) return [];
  const context = kubeContextOf(resources);
  const kubectl = context ? `kubectl --context ${context}` : 'kubectl';
  const namespaces = kept.filter((o) => o.kind === 'Namespace').map((o) => o.name);
  return [
    `Kept (protectDatabase is on): the database's data and credentials stay in the cluster, and the next npm run deploy -- --stack ${stack} uses them again:`,
    ...kept.map((o) => `  ${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}`),
    `To delete them too (this deletes the database; back it up first with pg_dump): ${
      namespaces.length > 0
        ? namespaces.map((ns) => `${kubectl} delete namespace ${ns}`).join('; ')
        : kept.map((o) => `${kubectl} delete ${o.kind.toLowerCase()} ${o.name}${o.namespace ? ` -n ${o.namespace}` : ''}`).join('; ')
    }`,
    `To have destroy delete them next time: pulumi config set protectDatabase false --stack ${stack}, then npm run deploy and npm run destroy.`,
  ];
}

/**
 * The wrapper's step before `destroy`: what the state marks to be kept, read while the state still
 * has it. A state that cannot be read only means nothing is announced afterwards.
 */
export function readKeptMessage(exported: StackExport, stack: string): string[] {
  if (!('stdout' in exported)) return [];
  const resources = parseStackExport(exported.stdout);
  return 'error' in resources ? [] : keptMessage(resources, stack);
}
