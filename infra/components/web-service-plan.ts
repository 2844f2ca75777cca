import type * as k8s from '@pulumi/kubernetes';
import type * as pulumi from '@pulumi/pulumi';
import { appLabels, selectorLabels } from '../labels';
import { httpProbes } from '../probes';
import {
  containerSecurityContext,
  podSecurityContext,
  preStopSleep,
  REVISION_HISTORY_LIMIT,
  rollingUpdate,
  spreadAcrossNodes,
  TERMINATION_GRACE_PERIOD_SECONDS,
  writableDirs,
} from '../workload';
import type { WebServiceArgs } from './web-service';

/**
 * What each object of a `WebService` looks like, computed from its args alone: pure functions, so
 * each setting is tested here without Pulumi mocks and the component only declares the objects.
 */

type DeploymentArgs = k8s.apps.v1.DeploymentArgs;
type ServiceArgs = k8s.core.v1.ServiceArgs;
type PodDisruptionBudgetArgs = k8s.policy.v1.PodDisruptionBudgetArgs;
type HorizontalPodAutoscalerArgs = k8s.autoscaling.v2.HorizontalPodAutoscalerArgs;
type Container = k8s.types.input.core.v1.Container;
type EnvFromSource = k8s.types.input.core.v1.EnvFromSource;
type EnvVar = k8s.types.input.core.v1.EnvVar;

/**
 * `kubectl rollout undo` (and `kubectl set image`) write the pod template under their own field
 * manager; with server-side apply, the next `pulumi up` then stops with "Server-Side Apply field
 * conflict detected ... conflict with "kubectl-rollout"" (pulumi/pulumi-kubernetes#2491 shows the
 * shape). The program is the declared state, and the rollback in docs/deploy.md is "undo now, fix or revert,
 * then deploy": so the Deployments take their fields back (`pulumi.com/patchForce`, read by the
 * provider per resource: node_modules/@pulumi/kubernetes/provider.d.ts `enablePatchForce`;
 * pulumi/pulumi-kubernetes#2280). Only the fields the program sets are forced; others' (an HPA's
 * replicas, a `rollout restart` annotation) are not touched.
 */
export const PATCH_FORCE = { 'pulumi.com/patchForce': 'true' } as const;

/** The label sets of a web service's objects. */
export interface WebServiceLabels {
  /** On the Deployment, Service, PDB and HPA: never the image tag. */
  labels: Record<string, string>;
  /** On the pod template: the image tag as `app.kubernetes.io/version` too. */
  podLabels: Record<string, string>;
  selector: Record<string, string>;
}

export function webServiceLabels(args: Pick<WebServiceArgs, 'labels' | 'version'>): WebServiceLabels {
  return {
    // `labels` may hold a `version` structurally; it is dropped so only the pods are versioned.
    labels: appLabels({ ...args.labels, version: undefined }),
    podLabels: appLabels({ ...args.labels, version: args.version }),
    selector: selectorLabels(args.labels),
  };
}

/** The literal env vars, in the order given. */
export function literalEnv(env: WebServiceArgs['env']): EnvVar[] {
  return Object.entries(env ?? {}).map(([name, value]) => ({ name, value }));
}

/** The ConfigMap's and the Secret's keys as env vars (`envFrom`); undefined when there is neither. */
export function envFromSources(args: Pick<WebServiceArgs, 'configMapName' | 'secretName'>): EnvFromSource[] | undefined {
  const sources = [
    ...(args.configMapName ? [{ configMapRef: { name: args.configMapName } }] : []),
    ...(args.secretName ? [{ secretRef: { name: args.secretName } }] : []),
  ];
  return sources.length > 0 ? sources : undefined;
}

/** The app's one container, named after the component, serving on the port named `http`. */
export function webServiceContainer(name: string, args: WebServiceArgs): Container {
  return {
    name,
    image: args.image,
    imagePullPolicy: args.imagePullPolicy,
    ports: [{ name: 'http', containerPort: args.containerPort, protocol: 'TCP' }],
    env: literalEnv(args.env),
    envFrom: envFromSources(args),
    resources: args.resources,
    ...httpProbes(args.health, 'http'),
    lifecycle: preStopSleep(),
    securityContext: containerSecurityContext(),
    volumeMounts: webServiceWritableDirs(args).volumeMounts,
  };
}

function webServiceWritableDirs(args: Pick<WebServiceArgs, 'writablePaths'>): ReturnType<typeof writableDirs> {
  return writableDirs(args.writablePaths ?? ['/tmp']);
}

/** The Deployment: every hardening and rollout setting of the design's "every workload" paragraph. */
export function deploymentPlan(name: string, args: WebServiceArgs): DeploymentArgs {
  const { labels, podLabels, selector } = webServiceLabels(args);
  return {
    metadata: { name, namespace: args.namespace, labels, annotations: { ...PATCH_FORCE } },
    spec: {
      // With autoscaling the HPA owns the count: leaving it unset stops each `pulumi up` resetting it.
      replicas: args.autoscaling ? undefined : args.replicas,
      revisionHistoryLimit: REVISION_HISTORY_LIMIT,
      progressDeadlineSeconds: 600,
      strategy: rollingUpdate(),
      selector: { matchLabels: selector },
      template: {
        metadata: { labels: podLabels, annotations: args.podAnnotations ? { ...args.podAnnotations } : undefined },
        spec: {
          automountServiceAccountToken: false,
          enableServiceLinks: false,
          imagePullSecrets: args.imagePullSecrets?.map((secret) => ({ name: secret })),
          terminationGracePeriodSeconds: TERMINATION_GRACE_PERIOD_SECONDS,
          securityContext: podSecurityContext(),
          // Several replicas: prefer distinct nodes (a node drain or failure takes fewer at once).
          topologySpreadConstraints: args.replicas >= 2 || args.autoscaling ? spreadAcrossNodes(selector) : undefined,
          containers: [webServiceContainer(name, args)],
          volumes: webServiceWritableDirs(args).volumes,
        },
      },
    },
  };
}

/** The Service in front of the pods, on the `http` port. */
export function servicePlan(name: string, args: WebServiceArgs): ServiceArgs {
  const { labels, selector } = webServiceLabels(args);
  return {
    metadata: { name, namespace: args.namespace, labels },
    spec: {
      type: args.service.type,
      // A Service reachable from outside keeps the client's source address (no SNAT to the
      // node's): the frontend's per-client sign-in limits key on it, so with the default
      // `Cluster` every client behind one node would share one budget. Kubernetes: "Preserving
      // the client source IP" (kubernetes.io/docs/tutorials/services/source-ip/). Cost: a node
      // without a frontend pod does not answer on the NodePort (the LoadBalancer health-checks
      // nodes and skips those).
      externalTrafficPolicy: args.service.type === 'ClusterIP' ? undefined : 'Local',
      selector,
      ports: [
        {
          name: 'http',
          port: args.service.port,
          targetPort: 'http',
          protocol: 'TCP',
          nodePort: args.service.type === 'NodePort' ? args.service.nodePort : undefined,
        },
      ],
    },
  };
}

/** In-cluster URL of the Service, e.g. `http://backend:8000`. */
export function clusterUrl(name: string, args: Pick<WebServiceArgs, 'service'>): string {
  return `http://${name}:${args.service.port}`;
}

/**
 * The PodDisruptionBudget, or undefined: minAvailable 1 would block every node drain of a
 * single-replica app, so only from 2 replicas up.
 */
export function podDisruptionBudgetPlan(name: string, args: WebServiceArgs): PodDisruptionBudgetArgs | undefined {
  if (args.replicas < 2) return undefined;
  const { labels, selector } = webServiceLabels(args);
  return {
    metadata: { name, namespace: args.namespace, labels },
    spec: { minAvailable: 1, selector: { matchLabels: selector } },
  };
}

/**
 * The HorizontalPodAutoscaler scaling `deploymentName` on CPU, or undefined when autoscaling is off.
 * The name is an Input so the component can pass the Deployment's own (an ordering dependency).
 */
export function autoscalerPlan(
  name: string,
  args: WebServiceArgs,
  deploymentName: pulumi.Input<string>,
): HorizontalPodAutoscalerArgs | undefined {
  if (!args.autoscaling) return undefined;
  const { labels } = webServiceLabels(args);
  return {
    metadata: { name, namespace: args.namespace, labels },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: deploymentName },
      minReplicas: args.replicas,
      maxReplicas: args.autoscaling.maxReplicas,
      metrics: [
        {
          type: 'Resource',
          resource: {
            name: 'cpu',
            target: { type: 'Utilization', averageUtilization: args.autoscaling.targetCpuUtilization },
          },
        },
      ],
    },
  };
}
