import * as pulumi from '@pulumi/pulumi';

/** One resource registered by the program under mocks. */
export interface RenderedResource {
  /** Pulumi type token, e.g. `kubernetes:apps/v1:Deployment`, `todo:infra:WebService`. */
  type: string;
  /** Logical (Pulumi) name, e.g. `backend-deployment`. */
  name: string;
  urn: string;
  /** URN of the parent component; undefined for top-level resources. */
  parent?: string;
  /** URNs this resource depends on: explicit `dependsOn` and every Output it takes as input. */
  dependencies: string[];
  /** Resolved inputs with secrets unwrapped to their plain values. */
  inputs: Record<string, unknown>;
  /** Property paths (`stringData.JWT_SECRET`) whose values were secret Outputs. */
  secretPaths: string[];
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
function computedState(type: string, name: string, inputs: Record<string, unknown>): Record<string, unknown> {
  switch (type) {
    case 'docker:index/image:Image':
      return { repoDigest: `${String(inputs.imageName)}@sha256:${'0'.repeat(64)}`, baseImageName: inputs.imageName };
    case 'random:index/randomPassword:RandomPassword':
      return { result: `mock-${name}-${'x'.repeat(Number(inputs.length ?? 16))}`.slice(0, Number(inputs.length ?? 16)) };
    default:
      return {};
  }
}

interface RecordingMonitor {
  registerResource(req: MonitorRequest, callback: (err: unknown, response: MonitorResponse | undefined) => void): Promise<void>;
}
interface MonitorRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getDependenciesList(): string[];
}
interface MonitorResponse {
  getUrn(): string;
}

/**
 * Installs Pulumi mocks that record every registered resource (inputs from the mock, parent and
 * dependencies from the mock monitor), and returns the list they fill.
 */
export async function installRecordingMocks(project: string, stack: string): Promise<RenderedResource[]> {
  const records: RenderedResource[] = [];
  const inputsByKey = new Map<string, Record<string, unknown>>();
  await pulumi.runtime.setMocks(
    {
      newResource(args) {
        inputsByKey.set(`${args.type}::${args.name}`, args.inputs as Record<string, unknown>);
        const { value } = unwrapSecrets(args.inputs);
        const plain = value as Record<string, unknown>;
        return { id: `${args.name}-id`, state: { ...args.inputs, ...computedState(args.type, args.name, plain) } };
      },
      call() {
        return {};
      },
    },
    project,
    stack,
    false,
  );
  const monitor = pulumi.runtime.getMonitor() as unknown as RecordingMonitor;
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req, callback) =>
    register(req, (err, response) => {
      if (!err && response) {
        const raw = inputsByKey.get(`${req.getType()}::${req.getName()}`) ?? {};
        const { value, secretPaths } = unwrapSecrets(raw);
        records.push({
          type: req.getType(),
          name: req.getName(),
          urn: response.getUrn(),
          parent: req.getParent() || undefined,
          dependencies: req.getDependenciesList(),
          inputs: value as Record<string, unknown>,
          secretPaths,
        });
      }
      callback(err, response);
    });
  return records;
}

/** Waits until every pending registration and Output of the mocked program has settled. */
export async function settle(): Promise<void> {
  const settings = (await import('@pulumi/pulumi/runtime/settings')) as unknown as { waitForRPCs?: () => Promise<void> };
  if (typeof settings.waitForRPCs === 'function') {
    await settings.waitForRPCs();
  }
  // Outputs resolve on later ticks than their registrations; a few macrotask turns let them finish.
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
}

/**
 * Records what `build` registers under fresh mocks (stack config cleared): the unit-test harness
 * for one component. Returns the registered resources once everything has settled.
 */
export async function recordResources(build: () => void, stack = 'dev'): Promise<RenderedResource[]> {
  const records = await installRecordingMocks('todo', stack);
  pulumi.runtime.setAllConfig({}, []);
  build();
  await settle();
  return [...records];
}

/** Rendered inputs, typed loosely: tests walk deep, schema-less objects and assert exact values. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
export type Inputs = Record<string, any>;

/** The inputs of the one resource with this Pulumi name (fails loudly when absent). */
export function inputsOf(records: readonly RenderedResource[], name: string): Inputs {
  const found = records.find((r) => r.name === name);
  if (!found) throw new Error(`no resource named ${name}; got ${records.map((r) => r.name).join(', ')}`);
  return found.inputs as Inputs;
}
