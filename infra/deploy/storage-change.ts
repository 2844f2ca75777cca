import { at, objectOf, parseStackExport, type StackExport, type StateResource } from './stack-state';

/**
 * Whether the stack's storage settings can be applied to the database as deployed. Pure: the
 * wrapper reads the state (`pulumi stack export`) and the config (`pulumi config --json`) before
 * `up`, and stops before anything changes when they cannot.
 *
 * The claim's size can only grow in place (the program patches the live claim: database-plan.ts,
 * `claimSizePlan`); the API server refuses a smaller request ("field can not be less than
 * status.capacity", real kube-apiserver on the kwok cluster; "field can not be less than previous
 * value" without RecoverVolumeExpansionFailure). A claim's class never changes, and the StatefulSet
 * ignores changes to its claim template, so a new class would be silently dropped.
 */

/** The database's storage as the state records it. */
export interface RecordedStorage {
  /** The live claim's name (`data-postgres-0`). */
  claim: string;
  /** The requested size: the claim patch's, else the StatefulSet template's (a state from before the patch). */
  size?: string;
  /** The class the StatefulSet's template names (undefined: the cluster's default). */
  templateClass?: string;
  /** The class the live claim has, as the claim patch last read it back. */
  claimClass?: string;
}

/** What the stack's config asks for. */
export interface DesiredStorage {
  size: string;
  storageClass?: string;
}

const DATABASE_PARENT = 'todo:infra:Database$';
const isDatabaseChild = (r: StateResource, type: string) => r.type === type && r.urn.includes(`${DATABASE_PARENT}${type}::`);
const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** The in-cluster database's storage from the state, or undefined when it has none (new stack, external database). */
export function recordedStorage(resources: readonly StateResource[]): RecordedStorage | undefined {
  const statefulSet = resources.find((r) => isDatabaseChild(r, 'kubernetes:apps/v1:StatefulSet'));
  if (!statefulSet) return undefined;
  const patch = resources.find((r) => isDatabaseChild(r, 'kubernetes:core/v1:PersistentVolumeClaimPatch'));
  const template = at(statefulSet.inputs, ['spec', 'volumeClaimTemplates', 0]);
  const name = objectOf(statefulSet)?.name ?? 'postgres';
  return {
    claim: `${text(at(template, ['metadata', 'name'])) ?? 'data'}-${name}-0`,
    size:
      text(at(patch?.inputs, ['spec', 'resources', 'requests', 'storage'])) ??
      text(at(template, ['spec', 'resources', 'requests', 'storage'])),
    templateClass: text(at(template, ['spec', 'storageClassName'])),
    claimClass: text(at(patch?.outputs, ['spec', 'storageClassName'])),
  };
}

const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50 };
const DECIMAL: Record<string, number> = { '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15 };

/** A storage quantity in bytes (`1Gi`, `500M`, `1.5Gi`), or undefined for a form it does not know. */
export function quantityBytes(quantity: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|Pi|k|M|G|T|P)?$/.exec(quantity.trim());
  if (!match) return undefined;
  const unit = match[2] ?? '';
  return Number(match[1]) * (BINARY[unit] ?? DECIMAL[unit] ?? 1);
}

/** Where the stack lives, for the commands the message gives. */
export interface StorageTarget {
  stack: string;
  kubeContext: string;
  namespace: string;
}

const MOVE_DOC = 'docs/deploy.md, "Database storage"';

/** Why the config cannot be applied to the deployed database, with what to do; undefined when it can. */
export function storageChangeProblem(recorded: RecordedStorage, desired: DesiredStorage, target: StorageTarget): string | undefined {
  const kubectl = `kubectl --context ${target.kubeContext} -n ${target.namespace}`;
  const backup = `back up first: ${kubectl} exec postgres-0 -- pg_dump -U todo todo > todo.sql`;
  const classChanged =
    desired.storageClass === undefined
      ? recorded.templateClass !== undefined
      : desired.storageClass !== recorded.templateClass && desired.storageClass !== recorded.claimClass;
  if (classChanged) {
    const was = recorded.templateClass ?? recorded.claimClass;
    const setBack =
      recorded.templateClass === undefined
        ? `pulumi config rm postgresStorageClass --stack ${target.stack}`
        : `pulumi config set postgresStorageClass ${recorded.templateClass} --stack ${target.stack}`;
    return [
      `postgresStorageClass is ${desired.storageClass ?? 'unset (the cluster default)'}, but the database's claim ${recorded.claim} was made with ${was ? `class ${was}` : "the cluster's default class"}: a claim's class cannot change in place, so nothing was deployed.`,
      `Keep the class: ${setBack}`,
      `Or move the data to a new claim of that class (${backup}; then the steps in ${MOVE_DOC}).`,
    ].join('\n');
  }
  const want = quantityBytes(desired.size);
  const have = recorded.size === undefined ? undefined : quantityBytes(recorded.size);
  if (want !== undefined && have !== undefined && want < have) {
    return [
      `postgresStorageSize is ${desired.size}, but the database's claim ${recorded.claim} already requests ${recorded.size}: a volume claim cannot shrink, so nothing was deployed.`,
      `Keep the size: pulumi config set postgresStorageSize ${recorded.size} --stack ${target.stack}`,
      `Or move the data to a new, smaller claim (${backup}; then the steps in ${MOVE_DOC}).`,
    ].join('\n');
  }
  return undefined;
}

/** When the deploy grows the claim: the hint printed if `up` then fails (the class may not allow expansion). */
export function growthHint(recorded: RecordedStorage, desired: DesiredStorage, stack: string): string | undefined {
  const want = quantityBytes(desired.size);
  const have = recorded.size === undefined ? undefined : quantityBytes(recorded.size);
  if (want === undefined || have === undefined || want <= have) return undefined;
  return (
    `This deploy grows the database's claim ${recorded.claim} from ${recorded.size} to ${desired.size}. If the error above says ` +
    `"only dynamically provisioned pvc can be resized and the storageclass that provisions the pvc must support resize", ` +
    `its StorageClass does not allow expansion: set the size back with pulumi config set postgresStorageSize ${recorded.size} --stack ${stack}`
  );
}

/** The `todo:*` values `pulumi config --json` lists (Pulumi.yaml's defaults included; secrets without value). */
function configValues(stdout: string, project: string): Record<string, { value?: string; secret?: boolean }> | undefined {
  try {
    const listed = JSON.parse(stdout) as Record<string, { value?: string; secret?: boolean }>;
    const prefix = `${project}:`;
    return Object.fromEntries(Object.entries(listed).flatMap(([k, v]) => (k.startsWith(prefix) ? [[k.slice(prefix.length), v]] : [])));
  } catch {
    return undefined;
  }
}

/** The storage the config asks of the in-cluster database and where it runs; undefined with an external `databaseUrl`. */
export function desiredFromConfig(
  stdout: string,
  project: string,
  stack: string,
): { desired: DesiredStorage; target: StorageTarget } | undefined {
  const config = configValues(stdout, project);
  if (!config || config.databaseUrl) return undefined;
  return {
    desired: { size: config.postgresStorageSize?.value ?? '1Gi', storageClass: config.postgresStorageClass?.value },
    target: { stack, kubeContext: config.kubeContext?.value ?? 'minikube', namespace: config.namespace?.value ?? 'todo-app' },
  };
}

/**
 * The wrapper's step before `up` and `preview`: the state and the config, captured (never shown),
 * compared. Returns the problem that must stop the deploy, or the hint to print should `up` fail.
 * When either cannot be read, it says so and lets the CLI go on: the API server still refuses a
 * shrink, only in its own words.
 */
export function checkStorageChange(
  exported: StackExport,
  configJson: string | undefined,
  stack: string,
  project: string,
): { problem?: string; hint?: string } {
  const resources = 'stdout' in exported ? parseStackExport(exported.stdout) : exported;
  const wanted = configJson === undefined ? undefined : desiredFromConfig(configJson, project, stack);
  if ('error' in resources) {
    console.log(
      `Could not read the state of stack ${stack} to check the database's storage (${resources.error}); going on without that check.\n`,
    );
    return {};
  }
  const recorded = recordedStorage(resources);
  if (!recorded || !wanted) return {};
  return { problem: storageChangeProblem(recorded, wanted.desired, wanted.target), hint: growthHint(recorded, wanted.desired, stack) };
}
