import { captureCli, type CliContext } from './cli';

/**
 * The stack's last recorded state, as `pulumi stack export` prints it: what the wrapper reads before
 * `up` (the database's storage as deployed) and before `destroy` (what will be kept). Pure parsing.
 * Secret values stay encrypted in this output (no `--show-secrets`), and it is never printed.
 */

/** One resource of the state, with the fields the wrapper reads. */
export interface StateResource {
  urn: string;
  type: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  /** Set (true) by the engine for a resource declared with `retainOnDelete`. */
  retainOnDelete?: boolean;
  /** True while the resource only waits to be deleted (an interrupted replacement). */
  delete?: boolean;
}

export const STACK_EXPORT_ARGS = (stack: string): string[] => ['stack', 'export', '--stack', stack];

/** What one `pulumi stack export` gave: its JSON text, or the CLI's error (stderr only: stdout could be part of the state). */
export type StackExport = { stdout: string } | { error: string };

/**
 * The stack's state, read once per wrapper run and handed to every check that reads it (pending
 * operations, lost images, the database's storage, what destroy keeps): each export is a CLI start
 * and a decryption of the state, about a second on a laptop.
 */
export function exportStack(cli: CliContext, stack: string): StackExport {
  const result = captureCli(cli, STACK_EXPORT_ARGS(stack));
  if (result.status === 0 && !result.error) return { stdout: result.stdout };
  return { error: result.error?.message ?? (result.stderr.trim() || `exit ${result.status}`) };
}

/**
 * The live resources of `pulumi stack export`'s JSON, or what is wrong with it. A stack never
 * deployed exports `deployment: null`, a destroyed one no `resources` (pulumi/pulumi
 * pkg/backend/diy/backend.go `ExportDeployment`): none.
 */
export function parseStackExport(stdout: string): StateResource[] | { error: string } {
  let exported: { deployment?: { resources?: StateResource[] } | null };
  try {
    exported = JSON.parse(stdout) as typeof exported;
  } catch {
    // Never quote it: the export holds the stack's (encrypted) values.
    return { error: 'pulumi stack export did not print JSON' };
  }
  const resources = exported.deployment?.resources;
  return Array.isArray(resources) ? resources.filter((r) => r.delete !== true) : [];
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : {});
const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** A value at a path of plain objects and arrays (`['spec', 'volumeClaimTemplates', 0]`), or undefined. */
export function at(value: unknown, path: readonly (string | number)[]): unknown {
  let node: unknown = value;
  for (const part of path) {
    if (typeof part === 'number') node = Array.isArray(node) ? node[part] : undefined;
    else node = obj(node)[part];
    if (node === undefined) return undefined;
  }
  return node;
}

/** The Kubernetes object a resource stands for: its kind and name, from its outputs (else inputs). */
export function objectOf(resource: StateResource): { kind: string; name: string; namespace?: string } | undefined {
  const body = resource.outputs ?? resource.inputs;
  const kind = text(at(body, ['kind']));
  const name = text(at(body, ['metadata', 'name']));
  if (!kind || !name) return undefined;
  return { kind, name, namespace: text(at(body, ['metadata', 'namespace'])) };
}

/** The kubectl context the stack's Kubernetes provider deploys to, as recorded. */
export function kubeContextOf(resources: readonly StateResource[]): string | undefined {
  const provider = resources.find((r) => r.type === 'pulumi:providers:kubernetes');
  return text(at(provider?.inputs, ['context']));
}
