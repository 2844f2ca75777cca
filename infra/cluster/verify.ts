import { kubernetesObjects, renderProgram } from '../render/program';
import type { KubeObject, Kubectl } from './kube';
import { comparable, specMismatches } from './spec-diff';
import type { Workspace } from './workspace';

/** The stack's config as the CLI holds it (secrets decrypted), as `todo:key` → value. */
export async function stackConfig(ws: Workspace, stack: string): Promise<Record<string, unknown>> {
  // Not logged: the output holds the stack's secrets in clear.
  const result = await ws.pulumi(['config', '--show-secrets', '--json', '--stack', stack], undefined);
  if (result.code !== 0) throw new Error(`pulumi config --show-secrets --json exited ${result.code}`);
  const json = result.output.slice(result.output.indexOf('{'));
  const entries = Object.entries(JSON.parse(json) as Record<string, { value?: unknown; objectValue?: unknown }>);
  return Object.fromEntries(entries.map(([key, v]) => [key, v.objectValue ?? v.value]));
}

/** Kubernetes plural resource names kubectl accepts for each kind the program declares. */
const RESOURCE: Record<string, string> = {
  Namespace: 'namespace',
  Deployment: 'deployment.apps',
  StatefulSet: 'statefulset.apps',
  Service: 'service',
  ConfigMap: 'configmap',
  Secret: 'secret',
  // The database's claim, as its size patch renders it (database-plan.ts, `claimSizePlan`).
  PersistentVolumeClaim: 'persistentvolumeclaim',
  Job: 'job.batch',
  PodDisruptionBudget: 'poddisruptionbudget.policy',
  HorizontalPodAutoscaler: 'horizontalpodautoscaler.autoscaling',
  NetworkPolicy: 'networkpolicy.networking.k8s.io',
  Ingress: 'ingress.networking.k8s.io',
};

export interface RenderedObject {
  kind: string;
  name: string;
  namespace?: string;
  body: Record<string, unknown>;
}

/** What the program declares for the stack's config, rendered under mocks (npm run render's run). */
export async function renderedObjects(config: Record<string, unknown>, stack: string, workDir?: string): Promise<RenderedObject[]> {
  const { resources } = await renderProgram(config, { stack, workDir });
  return kubernetesObjects(resources).map((body) => {
    const metadata = body.metadata as { name: string; namespace?: string };
    return { kind: String(body.kind), name: metadata.name, namespace: metadata.namespace, body };
  });
}

/** Every rendered object that is missing on the API server or differs from the render, with the paths. */
export function differences(kubectl: Kubectl, objects: readonly RenderedObject[]): string[] {
  const problems: string[] = [];
  for (const object of objects) {
    const resource = RESOURCE[object.kind];
    if (!resource) {
      problems.push(`${object.kind}/${object.name}: the suite does not know this kind`);
      continue;
    }
    const live = kubectl.get(resource, object.name, object.namespace);
    if (!live) {
      problems.push(`${object.kind}/${object.name}: not on the API server`);
      continue;
    }
    for (const mismatch of specMismatches(comparable(object.body), live)) problems.push(`${object.kind}/${object.name}: ${mismatch}`);
  }
  return problems;
}

/** Deployments with every replica updated and available; StatefulSets with every replica ready. */
export function unavailableWorkloads(kubectl: Kubectl, namespace: string): string[] {
  const problems: string[] = [];
  for (const d of kubectl.list('deployments.apps,statefulsets.apps', namespace)) {
    const want = Number((d.spec as { replicas?: number }).replicas ?? 1);
    const status = (d.status ?? {}) as { availableReplicas?: number; readyReplicas?: number; updatedReplicas?: number };
    const have = d.kind === 'Deployment' ? (status.availableReplicas ?? 0) : (status.readyReplicas ?? 0);
    if (have !== want || (status.updatedReplicas ?? 0) !== want) {
      problems.push(`${d.kind}/${d.metadata.name}: ${have}/${want} ready, ${status.updatedReplicas ?? 0} updated`);
    }
  }
  return problems;
}

/** Services of the namespace without one ready endpoint (EndpointSlices, discovery.k8s.io/v1). */
export function servicesWithoutEndpoints(kubectl: Kubectl, namespace: string): string[] {
  const slices = kubectl.list('endpointslices.discovery.k8s.io', namespace);
  return kubectl
    .list('services', namespace)
    .map((s) => s.metadata.name)
    .filter(
      (name) =>
        !slices.some(
          (slice) =>
            slice.metadata.labels?.['kubernetes.io/service-name'] === name &&
            ((slice.endpoints as { conditions?: { ready?: boolean } }[] | undefined) ?? []).some((e) => e.conditions?.ready === true),
        ),
    );
}

/** The Deployment's current ReplicaSet (highest revision). */
export function currentReplicaSet(kubectl: Kubectl, namespace: string, deployment: string): KubeObject {
  const sets = kubectl
    .list('replicasets.apps', namespace)
    .filter((rs) => (rs.metadata as { ownerReferences?: { name: string }[] }).ownerReferences?.some((o) => o.name === deployment));
  const revision = (rs: KubeObject) => Number(rs.metadata.annotations?.['deployment.kubernetes.io/revision'] ?? 0);
  const current = sets.sort((a, b) => revision(b) - revision(a))[0];
  if (!current) throw new Error(`deployment ${deployment} has no ReplicaSet`);
  return current;
}

/** The migration Jobs in the namespace (label app=backend-migrate). */
export function migrationJobs(kubectl: Kubectl, namespace: string): KubeObject[] {
  return kubectl.list('jobs.batch', namespace, 'app=backend-migrate');
}

export function jobSucceeded(job: KubeObject): boolean {
  return ((job.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions ?? []).some(
    (c) => (c.type === 'Complete' || c.type === 'SuccessCriteriaMet') && c.status === 'True',
  );
}
