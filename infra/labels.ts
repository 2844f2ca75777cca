/**
 * Label sets for every object the program creates. One name for one thing: `app` is the folder, the
 * image, the Deployment and the Service (`backend`, `frontend`, `postgres`).
 */
export interface LabelInput {
  /** `backend`, `frontend`, `postgres`, `backend-migrate`. */
  app: string;
  /** What the object is in the system: `api`, `web`, `database`, `migration`. */
  component: string;
  /** Which layer it belongs to: `backend`, `frontend`, `database`. */
  tier: string;
  /** The Pulumi stack: `app.kubernetes.io/instance`. */
  instance: string;
  /** Read by the policy pack (for example "no LoadBalancer on dev"). */
  environment: string;
  /** The image tag, when the object runs an image. Never part of a selector. */
  version?: string;
}

export const PART_OF = 'todo';
export const MANAGED_BY = 'pulumi';

/**
 * The labels of an object that belongs to the whole stack rather than one app (the Namespace, the
 * NetworkPolicies): part-of, instance, managed-by and the environment the policy pack reads.
 */
export function stackLabels(input: Pick<LabelInput, 'instance' | 'environment'>): Record<string, string> {
  return {
    'app.kubernetes.io/part-of': PART_OF,
    'app.kubernetes.io/instance': input.instance,
    'app.kubernetes.io/managed-by': MANAGED_BY,
    environment: input.environment,
  };
}

/** The labels a selector uses: stable for the lifetime of the workload (selectors are immutable). */
export function selectorLabels(input: Pick<LabelInput, 'app' | 'instance'>): Record<string, string> {
  return { 'app.kubernetes.io/name': input.app, 'app.kubernetes.io/instance': input.instance };
}

/** The full set: the recommended `app.kubernetes.io/*` labels plus `app`, `component`, `tier`, `environment`. */
export function appLabels(input: LabelInput): Record<string, string> {
  return {
    ...selectorLabels(input),
    'app.kubernetes.io/component': input.component,
    'app.kubernetes.io/part-of': PART_OF,
    'app.kubernetes.io/managed-by': MANAGED_BY,
    ...(input.version ? { 'app.kubernetes.io/version': input.version } : {}),
    app: input.app,
    component: input.component,
    tier: input.tier,
    environment: input.environment,
  };
}
