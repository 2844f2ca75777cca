import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import type { Resources } from '../config';
import { appLabels, selectorLabels, type LabelInput } from '../labels';
import { httpProbes, type HealthPaths } from '../probes';
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

/**
 * `kubectl rollout undo` (and `kubectl set image`) write the pod template under their own field
 * manager; with server-side apply, the next `pulumi up` then stops with "Server-Side Apply field
 * conflict detected ... conflict with "kubectl-rollout"" (pulumi/pulumi-kubernetes#2491 shows the
 * shape). The program is the declared state, and the README's rollback is "undo now, fix or revert,
 * then deploy": so the Deployments take their fields back (`pulumi.com/patchForce`, read by the
 * provider per resource: node_modules/@pulumi/kubernetes/provider.d.ts `enablePatchForce`;
 * pulumi/pulumi-kubernetes#2280). Only the fields the program sets are forced; others' (an HPA's
 * replicas, a `rollout restart` annotation) are not touched.
 */
export const PATCH_FORCE = { 'pulumi.com/patchForce': 'true' } as const;

export interface WebServiceArgs {
  /** Namespace of every child. */
  readonly namespace: pulumi.Input<string>;
  /** Labels of the app (`app` is normally the component's name), on every child. */
  readonly labels: Omit<LabelInput, 'version'>;
  /**
   * The image tag, as the pod template's `app.kubernetes.io/version` label only. The Deployment,
   * Service, PDB and HPA do not carry it: on them a new tag would plan an update that changes
   * nothing, and on the Deployment it would go stale after `kubectl rollout undo`, which rolls the
   * template back but leaves the Deployment's own labels. Default none.
   */
  readonly version?: string;
  /** Full image reference (`todo/backend:<tag>`). */
  readonly image: pulumi.Input<string>;
  /** `Never` for images built in the cluster's daemon, `IfNotPresent` for pushed immutable tags. */
  readonly imagePullPolicy: 'Never' | 'IfNotPresent' | 'Always';
  /** `kubernetes.io/dockerconfigjson` Secrets for pulling the image from a registry. Default none. */
  readonly imagePullSecrets?: pulumi.Input<string>[];
  /** The container port, named `http`. */
  readonly containerPort: number;
  /** Startup, liveness and readiness paths. */
  readonly health: HealthPaths;
  /** Desired replicas; the HPA's minimum when autoscaling. */
  readonly replicas: number;
  readonly resources: Resources;
  /** Literal, non-secret env vars. Default none. */
  readonly env?: Readonly<Record<string, pulumi.Input<string>>>;
  /** ConfigMap whose keys all become env vars (`envFrom`). Default none. */
  readonly configMapName?: pulumi.Input<string>;
  /** Secret whose keys all become env vars (`envFrom.secretRef`, never plain values). Default none. */
  readonly secretName?: pulumi.Input<string>;
  /** Pod-template annotations, e.g. config checksums so a ConfigMap/Secret change rolls the pods. */
  readonly podAnnotations?: Readonly<Record<string, pulumi.Input<string>>>;
  /**
   * The Service: type, port and, for a NodePort Service only, the node port. A LoadBalancer gets a
   * node port the cluster picks (pinning one would collide across clusters' port ranges for no
   * gain). The target is always the `http` port.
   */
  readonly service: { type: 'ClusterIP' | 'NodePort' | 'LoadBalancer'; port: number; nodePort?: number };
  /** When set, a HorizontalPodAutoscaler owns the replica count (from `replicas` up to `maxReplicas`). Default off. */
  readonly autoscaling?: { maxReplicas: number; targetCpuUtilization: number };
  /** Writable `emptyDir` mounts under the read-only root filesystem. Default `['/tmp']`. */
  readonly writablePaths?: readonly string[];
  /** Resources the rollout must wait for (the migration Job for the backend). Default none. */
  readonly rolloutAfter?: pulumi.Input<pulumi.Resource>[];
}

/**
 * One stateless HTTP app: Deployment + Service, a PodDisruptionBudget when it has two or more
 * replicas, and an optional HorizontalPodAutoscaler. Every hardening and rollout setting of the
 * design's "every workload" paragraph is applied here, once, for both apps. The Deployment, its
 * container, the Service, the PDB and the HPA are all named after the component (`backend`).
 */
export class WebService extends pulumi.ComponentResource {
  readonly deployment: k8s.apps.v1.Deployment;
  readonly service: k8s.core.v1.Service;
  readonly podDisruptionBudget?: k8s.policy.v1.PodDisruptionBudget;
  readonly autoscaler?: k8s.autoscaling.v2.HorizontalPodAutoscaler;
  /** In-cluster URL, e.g. `http://backend:8000`. */
  readonly clusterUrl: string;

  constructor(name: string, args: WebServiceArgs, opts?: pulumi.ComponentResourceOptions) {
    super('todo:infra:WebService', name, args, opts);
    // `labels` may hold a `version` structurally; it is dropped so only the pods are versioned.
    const labels = appLabels({ ...args.labels, version: undefined });
    const podLabels = appLabels({ ...args.labels, version: args.version });
    const selector = selectorLabels(args.labels);
    const writable = writableDirs(args.writablePaths ?? ['/tmp']);
    const envFrom = [
      ...(args.configMapName ? [{ configMapRef: { name: args.configMapName } }] : []),
      ...(args.secretName ? [{ secretRef: { name: args.secretName } }] : []),
    ];

    this.deployment = new k8s.apps.v1.Deployment(
      `${name}-deployment`,
      {
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
              containers: [
                {
                  name,
                  image: args.image,
                  imagePullPolicy: args.imagePullPolicy,
                  ports: [{ name: 'http', containerPort: args.containerPort, protocol: 'TCP' }],
                  env: Object.entries(args.env ?? {}).map(([envName, value]) => ({ name: envName, value })),
                  envFrom: envFrom.length > 0 ? envFrom : undefined,
                  resources: args.resources,
                  ...httpProbes(args.health, 'http'),
                  lifecycle: preStopSleep(),
                  securityContext: containerSecurityContext(),
                  volumeMounts: writable.volumeMounts,
                },
              ],
              volumes: writable.volumes,
            },
          },
        },
      },
      { parent: this, dependsOn: args.rolloutAfter },
    );

    this.service = new k8s.core.v1.Service(
      `${name}-service`,
      {
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
      },
      { parent: this },
    );
    this.clusterUrl = `http://${name}:${args.service.port}`;

    // minAvailable 1 would block every node drain of a single-replica app, so only from 2 up.
    if (args.replicas >= 2) {
      this.podDisruptionBudget = new k8s.policy.v1.PodDisruptionBudget(
        `${name}-pdb`,
        {
          metadata: { name, namespace: args.namespace, labels },
          spec: { minAvailable: 1, selector: { matchLabels: selector } },
        },
        { parent: this },
      );
    }

    if (args.autoscaling) {
      this.autoscaler = new k8s.autoscaling.v2.HorizontalPodAutoscaler(
        `${name}-hpa`,
        {
          metadata: { name, namespace: args.namespace, labels },
          spec: {
            scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: this.deployment.metadata.name },
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
        },
        { parent: this },
      );
    }

    this.registerOutputs({ deployment: this.deployment.metadata.name, service: this.service.metadata.name });
  }
}
