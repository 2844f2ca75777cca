import * as pulumi from '@pulumi/pulumi';

/**
 * Runs a Pulumi program in-process under Pulumi's documented unit-testing mocks
 * (`pulumi.runtime.setMocks`) and records every resource it declares. No engine, CLI or cluster.
 *
 * Only documented SDK surface is used:
 * - `setMocks` + `newResource` see each resource's resolved inputs (secrets still wrapped);
 * - `runtime.runInPulumiStack` runs the program inside the root `pulumi:pulumi:Stack` resource, as
 *   the language host does for `pulumi up`, and resolves the stack outputs;
 * - `runtime.registerStackTransformation` sees each resource object with its options (parent,
 *   dependsOn) as the program passed them;
 * - every resource's `urn` Output is awaited through `apply`, which resolves only once its
 *   registration (and so the `newResource` call) is done: no polling, no patched monitor.
 */

/** One resource registered by the program under mocks. */
export interface RenderedResource {
  /** Pulumi type token, e.g. `kubernetes:apps/v1:Deployment`, `todo:infra:WebService`. */
  type: string;
  /** Logical (Pulumi) name, e.g. `backend-deployment`. */
  name: string;
  /**
   * The mock monitor's URN: the identity `parent` and `dependsOn` refer to. It is not always the
   * URN of the stack's state: the mock puts the root stack's type in front of a top-level
   * resource's type, and only the parent's last type in front of a child's.
   */
  urn: string;
  /** False for component resources. */
  custom: boolean;
  /** The provider reference (`<provider urn>::<id>`) a custom resource is managed by. */
  provider?: string;
  /** URN of the parent (a component, or the root stack). */
  parent?: string;
  /**
   * URNs this resource waits for through `dependsOn`. A component in `dependsOn` stands for itself
   * and every resource below it, as the engine treats it ("dependsOn a component waits for all its
   * children", Pulumi resource options docs).
   */
  dependsOn: string[];
  /** The lifecycle options the program set (how the engine awaits, replaces and deletes it). */
  options: RecordedOptions;
  /** Resolved inputs with secrets unwrapped to their plain values. */
  inputs: Record<string, unknown>;
  /** Property paths (`stringData.JWT_SECRET`) whose values were secret Outputs. */
  secretPaths: string[];
}

export interface RecordedOptions {
  customTimeouts?: pulumi.CustomTimeouts;
  deleteBeforeReplace?: boolean;
  retainOnDelete?: boolean;
  ignoreChanges?: string[];
  replaceOnChanges?: string[];
}

const isSecretEnvelope = (value: unknown): value is { value: unknown } =>
  typeof value === 'object' &&
  value !== null &&
  (value as Record<string, unknown>)[pulumi.runtime.specialSigKey] === pulumi.runtime.specialSecretSig;

/** Replaces every secret envelope with its value and returns where they were. */
export function unwrapSecrets(value: unknown): { value: unknown; secretPaths: string[] } {
  const found: string[] = [];
  const walk = (v: unknown, p: string): unknown => {
    if (isSecretEnvelope(v)) {
      found.push(p);
      return walk(v.value, p);
    }
    if (Array.isArray(v)) return v.map((item, i) => walk(item, p === '' ? `[${i}]` : `${p}[${i}]`));
    if (typeof v === 'object' && v !== null) {
      return Object.fromEntries(
        Object.entries(v as Record<string, unknown>).map(([k, item]) => [k, walk(item, p === '' ? k : `${p}.${k}`)]),
      );
    }
    return v;
  };
  return { value: walk(value, ''), secretPaths: found };
}

/** Outputs a provider would compute, added to the mocked state so dependents see realistic values. */
function computedState(type: string, inputs: Record<string, unknown>): Record<string, unknown> {
  switch (type) {
    case 'docker:index/image:Image':
      return { repoDigest: `${String(inputs.imageName)}@sha256:${'0'.repeat(64)}`, baseImageName: inputs.imageName };
    default:
      return {};
  }
}

/** The documented way to read an Output's value in a test: `apply` into a promise. */
export function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply((value) => resolve(value)));
}

/** Stack config for a mocked run: `project:key` → value, and which of those keys are secret. */
export interface MockConfig {
  values: Record<string, string>;
  secretKeys: string[];
}

export interface Recording<T> {
  resources: RenderedResource[];
  /** The program's return value with every Output resolved (what `pulumi stack output` shows). */
  outputs: T;
}

interface Declared {
  resource: pulumi.Resource;
  type: string;
  name: string;
  parent?: pulumi.Resource;
  /** The `dependsOn` option as the program passed it (resolved once the program has settled). */
  dependsOn: unknown;
  options: RecordedOptions;
}

/** `dependsOn` as the program passed it: one resource, a list, or Inputs of either. */
async function dependsOnList(value: unknown): Promise<pulumi.Resource[]> {
  const resolved = pulumi.Output.isInstance(value) ? await valueOf(value) : await value;
  if (resolved === undefined || resolved === null) return [];
  const list = Array.isArray(resolved) ? resolved : [resolved];
  const out: pulumi.Resource[] = [];
  for (const item of list) {
    const r: unknown = pulumi.Output.isInstance(item) ? await valueOf(item) : await (item as unknown);
    if (pulumi.Resource.isInstance(r)) out.push(r);
  }
  return out;
}

/**
 * Runs `program` under fresh mocks with `config` and records every resource it declares, in
 * declaration order. The program's return value is resolved like stack outputs.
 */
export async function recordProgram<T>(
  project: string,
  stack: string,
  config: MockConfig,
  program: () => T,
): Promise<Recording<pulumi.Unwrap<T>>> {
  const registered = await installRecordingMocks(project, stack);
  pulumi.runtime.setAllConfig(config.values, config.secretKeys);
  const { declared, outputs } = await runDeclaring(program);
  const links = await settle(declared);
  const resources = declared.map((d) => renderedResource(d, registered.get(`${d.type}::${d.name}`), links));
  return { resources, outputs: outputs as pulumi.Unwrap<T> };
}

/** What the mock monitor received for one resource (`newResource`), by `<type>::<name>`. */
interface Registered {
  inputs: Record<string, unknown>;
  custom: boolean;
  provider?: string;
}

/** Fresh mocks that keep each resource's inputs and answer with provider-like state. */
async function installRecordingMocks(project: string, stack: string): Promise<Map<string, Registered>> {
  const registered = new Map<string, Registered>();
  await pulumi.runtime.setMocks(
    {
      newResource(args) {
        const key = `${args.type}::${args.name}`;
        if (registered.has(key)) throw new Error(`two resources are named ${args.name} (${args.type}); names must be unique per type`);
        registered.set(key, {
          inputs: args.inputs as Record<string, unknown>,
          custom: args.custom ?? true,
          provider: args.provider || undefined,
        });
        const plain = unwrapSecrets(args.inputs).value as Record<string, unknown>;
        return { id: `${args.name}-id`, state: { ...(args.inputs as Record<string, unknown>), ...computedState(args.type, plain) } };
      },
      call() {
        return {};
      },
    },
    project,
    stack,
    false,
  );
  return registered;
}

/** Runs the program inside the root stack, noting each resource with its options as it is declared. */
async function runDeclaring(program: () => unknown): Promise<{ declared: Declared[]; outputs: unknown }> {
  const declared: Declared[] = [];
  // A throw inside the stack's init would also reject the Stack resource's own internal promise,
  // which nothing awaits (an unhandled rejection that ends the process): catch it here, rethrow below.
  let failure: { error: unknown } | undefined;
  // runInPulumiStack wants a promise; the program itself is synchronous.
  const outputs = await pulumi.runtime.runInPulumiStack(() => {
    pulumi.runtime.registerStackTransformation((args) => {
      const { customTimeouts, deleteBeforeReplace, retainOnDelete, ignoreChanges, replaceOnChanges } =
        args.opts as pulumi.CustomResourceOptions;
      const options = Object.fromEntries(
        Object.entries({ customTimeouts, deleteBeforeReplace, retainOnDelete, ignoreChanges, replaceOnChanges }).filter(
          ([, v]) => v !== undefined,
        ),
      );
      declared.push({
        resource: args.resource,
        type: args.type,
        name: args.name,
        parent: args.opts.parent,
        dependsOn: args.opts.dependsOn,
        options,
      });
      return undefined;
    });
    try {
      // The stack resolves every Output in what the program returns, as `pulumi up` does for exports.
      return Promise.resolve(program() ?? {});
    } catch (error) {
      failure = { error };
      return Promise.resolve({});
    }
  });
  if (failure) throw failure.error;
  return { declared, outputs };
}

/** Each declared resource's URN and `dependsOn`, and which URNs a URN stands for with its descendants. */
interface Links {
  urnOf: Map<pulumi.Resource, string>;
  dependsOnOf: Map<pulumi.Resource, pulumi.Resource[]>;
  withDescendants: (urn: string) => string[];
}

/** Waits for every registration, including resources declared inside applies that resolve late. */
async function settle(declared: Declared[]): Promise<Links> {
  const urnOf = new Map<pulumi.Resource, string>();
  const dependsOnOf = new Map<pulumi.Resource, pulumi.Resource[]>();
  // Resources may be declared inside applies that resolve late: wait until no new one appears.
  let settled = 0;
  while (settled < declared.length) {
    const batch = declared.slice(settled);
    settled = declared.length;
    for (const d of batch) {
      urnOf.set(d.resource, await valueOf(d.resource.urn));
      dependsOnOf.set(d.resource, await dependsOnList(d.dependsOn));
    }
  }
  const childrenOf = new Map<string, string[]>();
  for (const d of declared) {
    const parent = d.parent ? urnOf.get(d.parent) : undefined;
    if (parent) childrenOf.set(parent, [...(childrenOf.get(parent) ?? []), urnOf.get(d.resource) as string]);
  }
  const withDescendants = (urn: string): string[] => [urn, ...(childrenOf.get(urn) ?? []).flatMap(withDescendants)];
  return { urnOf, dependsOnOf, withDescendants };
}

function renderedResource(d: Declared, recorded: Registered | undefined, links: Links): RenderedResource {
  const { urnOf, dependsOnOf, withDescendants } = links;
  const { value, secretPaths } = unwrapSecrets(recorded?.inputs ?? {});
  const dependsOn = (dependsOnOf.get(d.resource) ?? []).map((r) => urnOf.get(r)).filter((u): u is string => u !== undefined);
  return {
    type: d.type,
    name: d.name,
    urn: urnOf.get(d.resource) as string,
    custom: recorded?.custom ?? true,
    provider: recorded?.provider,
    parent: d.parent ? urnOf.get(d.parent) : undefined,
    dependsOn: [...new Set(dependsOn.flatMap(withDescendants))],
    options: d.options,
    inputs: value as Record<string, unknown>,
    secretPaths,
  };
}
