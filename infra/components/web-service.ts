import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import type { Resources } from '../stack-config';
import type { LabelInput } from '../labels';
import type { HealthPaths } from '../probes';
import { autoscalerPlan, clusterUrl, deploymentPlan, podDisruptionBudgetPlan, servicePlan } from './web-service-plan';

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
 * design's "every workload" paragraph is planned once, for both apps, in web-service-plan.ts. The
 * Deployment, its container, the Service, the PDB and the HPA are all named after the component
 * (`backend`).
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
    this.deployment = new k8s.apps.v1.Deployment(`${name}-deployment`, deploymentPlan(name, args), {
      parent: this,
      dependsOn: args.rolloutAfter,
    });
    this.service = new k8s.core.v1.Service(`${name}-service`, servicePlan(name, args), { parent: this });
    this.clusterUrl = clusterUrl(name, args);

    const pdb = podDisruptionBudgetPlan(name, args);
    if (pdb) this.podDisruptionBudget = new k8s.policy.v1.PodDisruptionBudget(`${name}-pdb`, pdb, { parent: this });
    const hpa = autoscalerPlan(name, args, this.deployment.metadata.name);
    if (hpa) this.autoscaler = new k8s.autoscaling.v2.HorizontalPodAutoscaler(`${name}-hpa`, hpa, { parent: this });

    this.registerOutputs({ deployment: this.deployment.metadata.name, service: this.service.metadata.name });
  }
}
