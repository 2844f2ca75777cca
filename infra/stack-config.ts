import type * as pulumi from '@pulumi/pulumi';
import type { ImageDelivery } from './image-delivery-config';
import type { IngressSettings } from './ingress-config';

/**
 * The one typed object the program is built from, as `parseStackConfig` (config.ts) returns it once
 * every key has been checked. Types only: the rules and defaults of each key live in config.ts.
 */

export interface Resources {
  requests: { cpu: string; memory: string };
  limits: { cpu: string; memory: string };
}

export interface AppSettings {
  replicas: number;
  resources: Resources;
}

/** The one typed object the program is built from. */
export interface StackConfig {
  stack: string;
  /** `dev` on Minikube; drives the `environment` label the policy pack reads. */
  environment: string;
  kubeContext: string;
  namespace: string;
  logLevel: string;
  frontendUrl: string;
  backend: AppSettings;
  frontend: AppSettings & { serviceType: 'NodePort' | 'LoadBalancer' | 'ClusterIP'; nodePort: number };
  /** Undefined when off: no HorizontalPodAutoscaler is created. */
  autoscaling?: { maxReplicas: number; targetCpuUtilization: number };
  /** Undefined when off (dev): the frontend Service itself is the way in (NodePort). */
  ingress?: IngressSettings;
  llm: { provider: 'groq' | 'disabled'; model: string; maxTokens: number; temperature: number };
  assistant: { name: string; instructions: string };
  images: {
    /** Build arg `NODE_IMAGE`; undefined keeps the Dockerfiles' default. */
    nodeImage?: string;
    /**
     * Target platform of both builds. Undefined: the Docker provider's default, `linux/<arch of the
     * machine running Pulumi>` (pulumi/pulumi-docker provider/provider.go `Check`), which is the
     * Minikube node's own architecture (`npm run deploy` checks that they match). Registry stacks
     * default to `linux/amd64`: an arm64 laptop must not push arm64 images to amd64 nodes.
     */
    platform?: string;
    /** The Docker network the builds' RUN steps use (`host` for an engine without a bridge network); undefined: the engine's default. */
    buildNetwork?: string;
    /**
     * `imageDelivery` as set: how the images reach the cluster (`docker-env`, `image-load`,
     * `registry`). Undefined: `npm run deploy` detects it from the Minikube profile.
     */
    delivery?: ImageDelivery;
    /**
     * Images built elsewhere (CI) to deploy as they are: nothing is built and no docker provider is
     * registered. Undefined: both images are built by this program.
     */
    references?: { backend: string; frontend: string };
    /**
     * Undefined: build into the cluster's own Docker daemon (Minikube) and never push. With
     * `references`, only the pull secret is made from it.
     */
    registry?: { server: string; username: string; password: pulumi.Output<string> };
  };
  /** Undefined: the external database named by `databaseUrl` is used instead. */
  postgres?: { image: string; storageSize: string; storageClass?: string };
  /**
   * Keep the in-cluster database (its StatefulSet, claim, credentials Secret, and the namespace)
   * when the stack is destroyed. Config `protectDatabase`; unset: on unless `environment` is dev.
   * Always false with an external database.
   */
  protectDatabase: boolean;
  secrets: {
    groqApiKey?: pulumi.Output<string>;
    databaseUrl?: pulumi.Output<string>;
    jwtSecret: pulumi.Output<string>;
    /** Set whenever `postgres` is (the in-cluster database's password). */
    postgresPassword?: pulumi.Output<string>;
  };
}
