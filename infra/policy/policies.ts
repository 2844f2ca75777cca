import type {
  PolicyResource,
  ReportViolation,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationPolicy,
} from '@pulumi/policy';

/**
 * The Kubernetes rules of the design, as CrossGuard policies. Kept apart from `index.ts` (which
 * constructs the PolicyPack and so starts its gRPC server) so tests can import and run each one.
 *
 * Every rule is `mandatory`. Each carries its rationale in `description`. Waivers, decided on purpose:
 * - imagePullPolicy `Always` is NOT required: images built inside Minikube's daemon are never in a
 *   registry (`Never` is right there), and pushed tags are content-derived and immutable
 *   (`IfNotPresent` is then exact). The `no-latest-image` rule is what makes that safe.
 * - Jobs (the migration) need no probes, replicas or PodDisruptionBudget: they run to completion.
 * - The PostgreSQL StatefulSet is a single replica by nature (one writable primary), so the
 *   replicas/PDB rule applies to Deployments only; it runs as the image's own non-root uid 999.
 * - Values Pulumi does not know yet during a preview (undefined) are not reported; `pulumi up`
 *   evaluates the rules again with the real values.
 */

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (typeof v === 'object' && v !== null ? (v as Obj) : {});
const arr = (v: unknown): Obj[] => (Array.isArray(v) ? (v as Obj[]) : []);
/** A string field, or '' when it is absent or not known yet (preview). */
const text = (v: unknown): string => (typeof v === 'string' ? v : '');
/** The Kubernetes name of the resource under validation, else its Pulumi name. */
const nameOf = (args: { props: unknown; name: string }): string => text(obj(obj(args.props).metadata).name) || args.name;

export const WORKLOAD_TYPES = [
  'kubernetes:apps/v1:Deployment',
  'kubernetes:apps/v1:StatefulSet',
  'kubernetes:apps/v1:DaemonSet',
  'kubernetes:batch/v1:Job',
] as const;
const LONG_RUNNING = ['kubernetes:apps/v1:Deployment', 'kubernetes:apps/v1:StatefulSet', 'kubernetes:apps/v1:DaemonSet'];

interface Pod {
  spec: Obj;
  containers: Obj[];
}

/** The pod template of a workload (or undefined for any other resource). */
export function podOf(type: string, props: Obj): Pod | undefined {
  if (!(WORKLOAD_TYPES as readonly string[]).includes(type)) return undefined;
  const spec = obj(obj(obj(props.spec).template).spec);
  return { spec, containers: [...arr(spec.initContainers), ...arr(spec.containers)] };
}

/** A resource policy over every container of every workload. */
function containerPolicy(
  name: string,
  description: string,
  check: (container: Obj, pod: Pod, type: string) => string | undefined,
  types: readonly string[] = WORKLOAD_TYPES,
): ResourceValidationPolicy {
  return {
    name,
    description,
    enforcementLevel: 'mandatory',
    validateResource: (args: ResourceValidationArgs, report: ReportViolation) => {
      if (!types.includes(args.type)) return;
      const pod = podOf(args.type, args.props);
      if (!pod) return;
      for (const container of pod.containers) {
        const problem = check(container, pod, args.type);
        if (problem) report(`${nameOf(args)}/${String(container.name)}: ${problem}`);
      }
    },
  };
}

/** A container setting, taking the pod-level value when the container leaves it unset. */
const effective = (container: Obj, pod: Pod, key: string): unknown =>
  obj(container.securityContext)[key] ?? obj(pod.spec.securityContext)[key];

export const probesPolicy = containerPolicy(
  'workload-probes',
  'Long-running containers declare liveness and readiness probes: without readiness a pod gets traffic before it can serve and during shutdown; without liveness a hung process is never restarted.',
  (c) => (c.livenessProbe === undefined || c.readinessProbe === undefined ? 'needs a livenessProbe and a readinessProbe' : undefined),
  LONG_RUNNING,
);

export const resourcesPolicy = containerPolicy(
  'workload-resources',
  'Every container sets CPU and memory requests (so the scheduler places it) and limits (so one pod cannot starve the node).',
  (c) => {
    const r = obj(c.resources);
    const missing = [
      ['requests', 'cpu'],
      ['requests', 'memory'],
      ['limits', 'cpu'],
      ['limits', 'memory'],
    ].filter(([kind, res]) => obj(r[kind as string])[res as string] === undefined);
    return missing.length ? `missing resources ${missing.map((m) => m.join('.')).join(', ')}` : undefined;
  },
);

/** True when the image names a tag other than `latest`, or a digest. */
export function hasPinnedImage(image: string): boolean {
  if (image.includes('@sha256:')) return true;
  const lastSegment = image.slice(image.lastIndexOf('/') + 1);
  const colon = lastSegment.lastIndexOf(':');
  return colon !== -1 && lastSegment.slice(colon + 1) !== 'latest' && lastSegment.slice(colon + 1) !== '';
}

export const noLatestImagePolicy = containerPolicy(
  'no-latest-image',
  'Images are pinned by tag (content-derived for our own images) or digest, never `:latest` or untagged: a rollout must be reproducible and a rollback must mean the old bits.',
  (c) => (typeof c.image === 'string' && !hasPinnedImage(c.image) ? `image "${c.image}" is not pinned to a tag or digest` : undefined),
);

export const nonRootPolicy = containerPolicy(
  'run-as-non-root',
  'Containers run as a non-root uid (runAsNonRoot, runAsUser != 0): a compromised process must not be root in the container.',
  (c, pod) => {
    if (effective(c, pod, 'runAsNonRoot') !== true) return 'runAsNonRoot must be true';
    const uid = effective(c, pod, 'runAsUser');
    return uid === 0 || uid === undefined ? 'runAsUser must be set to a non-zero uid' : undefined;
  },
);

export const noPrivilegeEscalationPolicy = containerPolicy(
  'no-privilege-escalation',
  'allowPrivilegeEscalation is false and no container is privileged: setuid binaries and kernel access cannot lift a process above its uid.',
  (c) => {
    const sc = obj(c.securityContext);
    if (sc.privileged === true) return 'must not be privileged';
    return sc.allowPrivilegeEscalation === false ? undefined : 'allowPrivilegeEscalation must be false';
  },
);

export const dropCapabilitiesPolicy = containerPolicy(
  'drop-all-capabilities',
  'Every Linux capability is dropped (drop: [ALL]) and none added: the apps need none to serve HTTP on ports above 1024.',
  (c) => {
    const caps = obj(obj(c.securityContext).capabilities);
    const drop = Array.isArray(caps.drop) ? (caps.drop as string[]) : [];
    if (!drop.includes('ALL')) return 'capabilities.drop must include ALL';
    return Array.isArray(caps.add) && caps.add.length > 0 ? `must not add capabilities (${caps.add.join(', ')})` : undefined;
  },
);

export const readOnlyRootPolicy = containerPolicy(
  'read-only-root-filesystem',
  'readOnlyRootFilesystem is true; writable paths are explicit emptyDir mounts: an attacker cannot drop files into the image, and state cannot leak into it.',
  (c) => (obj(c.securityContext).readOnlyRootFilesystem === true ? undefined : 'readOnlyRootFilesystem must be true'),
);

export const seccompPolicy = containerPolicy(
  'seccomp-runtime-default',
  'The RuntimeDefault seccomp profile is on (pod or container): it blocks syscalls no web app needs and is required by the "restricted" Pod Security Standard.',
  (c, pod) => {
    const profile = obj(effective(c, pod, 'seccompProfile'));
    return profile.type === 'RuntimeDefault' || profile.type === 'Localhost' ? undefined : 'seccompProfile must be RuntimeDefault';
  },
);

export const noServiceAccountTokenPolicy: ResourceValidationPolicy = {
  name: 'no-service-account-token',
  description:
    'automountServiceAccountToken is false: none of the apps calls the Kubernetes API, so a stolen token would only help an attacker.',
  enforcementLevel: 'mandatory',
  validateResource: (args, report) => {
    const pod = podOf(args.type, args.props);
    if (pod && pod.spec.automountServiceAccountToken !== false) {
      report(`${nameOf(args)}: automountServiceAccountToken must be false`);
    }
  },
};

/** Env var names that carry credentials (whole `_`-separated words: MAX_TOKENS is not a token). */
export const SECRET_NAME = /(^|_)(PASSWORD|PASSWD|SECRET|TOKEN|API_KEY|PRIVATE_KEY|CREDENTIALS|DATABASE_URL)(_|$)/i;

export const secretsByReferencePolicy: ResourceValidationPolicy = {
  name: 'secrets-by-reference',
  description:
    'Credentials reach containers only through Secret references (secretKeyRef / envFrom.secretRef), never as literal env values or ConfigMap data, which anyone with read access to the Deployment or ConfigMap could see.',
  enforcementLevel: 'mandatory',
  validateResource: (args, report) => {
    if (args.type === 'kubernetes:core/v1:ConfigMap') {
      for (const key of Object.keys(obj(args.props.data))) {
        if (SECRET_NAME.test(key)) report(`ConfigMap ${nameOf(args)} holds "${key}": put it in a Secret`);
      }
      return;
    }
    const pod = podOf(args.type, args.props);
    if (!pod) return;
    for (const container of pod.containers) {
      for (const env of arr(container.env)) {
        if (SECRET_NAME.test(String(env.name)) && env.value !== undefined) {
          report(`${String(container.name)}: env ${String(env.name)} is a literal value; use valueFrom.secretKeyRef`);
        }
      }
    }
  },
};

export const noLoadBalancerOnDevPolicy: ResourceValidationPolicy = {
  name: 'no-loadbalancer-on-dev',
  description:
    'Services of the dev environment (label environment=dev) are not LoadBalancer: Minikube has no cloud load balancer (it stays Pending) and dev must not be exposed beyond the laptop.',
  enforcementLevel: 'mandatory',
  validateResource: (args, report) => {
    if (args.type !== 'kubernetes:core/v1:Service') return;
    const environment = obj(obj(args.props.metadata).labels).environment;
    if (environment === 'dev' && obj(args.props.spec).type === 'LoadBalancer') {
      report(`Service ${nameOf(args)} is a LoadBalancer on dev; use NodePort`);
    }
  },
};

export const nodePortRangePolicy: ResourceValidationPolicy = {
  name: 'nodeport-in-range',
  description:
    'NodePorts are inside the default service-node-port-range 30000-32767: the API server rejects anything else at apply time, so catch it at preview.',
  enforcementLevel: 'mandatory',
  validateResource: (args, report) => {
    if (args.type !== 'kubernetes:core/v1:Service') return;
    for (const port of arr(obj(args.props.spec).ports)) {
      const nodePort = port.nodePort;
      if (typeof nodePort === 'number' && (nodePort < 30000 || nodePort > 32767)) {
        report(`Service ${nameOf(args)}: nodePort ${nodePort} is outside 30000-32767`);
      }
    }
  },
};

export const zeroDowntimeRolloutPolicy: ResourceValidationPolicy = {
  name: 'zero-downtime-rollout',
  description:
    'Deployments roll with RollingUpdate, maxUnavailable 0 and maxSurge >= 1: a new pod must be ready before an old one goes, so capacity never drops during a deploy.',
  enforcementLevel: 'mandatory',
  validateResource: (args, report) => {
    if (args.type !== 'kubernetes:apps/v1:Deployment') return;
    const strategy = obj(obj(args.props.spec).strategy);
    const rolling = obj(strategy.rollingUpdate);
    const name = nameOf(args);
    if (strategy.type !== 'RollingUpdate') report(`Deployment ${name}: strategy must be RollingUpdate`);
    if (rolling.maxUnavailable !== 0) report(`Deployment ${name}: rollingUpdate.maxUnavailable must be 0`);
    if (rolling.maxSurge === 0 || rolling.maxSurge === '0%') report(`Deployment ${name}: rollingUpdate.maxSurge must be at least 1`);
  },
};

const matches = (selector: Obj, labels: Obj): boolean =>
  Object.entries(selector).length > 0 && Object.entries(selector).every(([k, v]) => labels[k] === v);

export const replicasAndPdbPolicy: StackValidationPolicy = {
  name: 'replicas-and-pdb',
  description:
    'Every Deployment runs at least 2 replicas (or an HPA keeps at least 2) and a PodDisruptionBudget selecting it keeps minAvailable >= 1: one node drain or pod failure never takes the app down.',
  enforcementLevel: 'mandatory',
  validateStack: (args, report) => {
    const of = (type: string): PolicyResource[] => args.resources.filter((r) => r.type === type);
    const hpas = of('kubernetes:autoscaling/v2:HorizontalPodAutoscaler');
    const pdbs = of('kubernetes:policy/v1:PodDisruptionBudget');
    for (const deployment of of('kubernetes:apps/v1:Deployment')) {
      const name = obj(deployment.props.metadata).name;
      const spec = obj(deployment.props.spec);
      const hpa = hpas.find((h) => obj(obj(h.props.spec).scaleTargetRef).name === name);
      const replicas = (spec.replicas as number | undefined) ?? (hpa ? (obj(hpa.props.spec).minReplicas as number | undefined) : 1);
      if (replicas !== undefined && replicas < 2) {
        report(`Deployment ${String(name)}: ${replicas} replica(s); run at least 2 (or an HPA with minReplicas >= 2)`, deployment.urn);
      }
      const podLabels = obj(obj(obj(spec.template).metadata).labels);
      const pdb = pdbs.find((p) => matches(obj(obj(obj(p.props.spec).selector).matchLabels), podLabels));
      const minAvailable = pdb ? obj(pdb.props.spec).minAvailable : undefined;
      if (!pdb) report(`Deployment ${String(name)}: no PodDisruptionBudget selects its pods`, deployment.urn);
      else if (typeof minAvailable === 'number' && minAvailable < 1) {
        report(`PodDisruptionBudget for ${String(name)}: minAvailable must be at least 1`, pdb.urn);
      }
    }
  },
};

/** `namespace/name` of a namespaced object (namespace may be unknown during a preview). */
const key = (props: Obj): string => `${text(obj(props.metadata).namespace)}/${text(obj(props.metadata).name)}`;

export const serviceExposedOncePolicy: StackValidationPolicy = {
  name: 'service-exposed-once',
  description:
    'A Service reaches the outside one way only: an Ingress route, or its own NodePort/LoadBalancer, never both (nor two Ingresses). A Service behind an Ingress stays ClusterIP, so the Ingress (TLS, host routing) cannot be bypassed through a node port.',
  enforcementLevel: 'mandatory',
  validateStack: (args, report) => {
    const exposures = new Map<string, string[]>();
    const add = (service: string, how: string) => exposures.set(service, [...(exposures.get(service) ?? []), how]);
    for (const r of args.resources) {
      if (r.type === 'kubernetes:core/v1:Service') {
        const type = obj(r.props.spec).type;
        if (type === 'NodePort' || type === 'LoadBalancer') add(key(r.props), `type ${type}`);
      }
      if (r.type === 'kubernetes:networking.k8s.io/v1:Ingress') {
        const spec = obj(r.props.spec);
        const namespace = text(obj(r.props.metadata).namespace);
        const targets = new Set<string>();
        const target = (backend: unknown) => {
          const name = obj(obj(backend).service).name;
          if (typeof name === 'string') targets.add(`${namespace}/${name}`);
        };
        target(spec.defaultBackend);
        for (const rule of arr(spec.rules)) for (const path of arr(obj(rule.http).paths)) target(path.backend);
        for (const service of targets) add(service, `Ingress ${String(obj(r.props.metadata).name)}`);
      }
    }
    for (const [service, ways] of exposures) {
      if (ways.length > 1)
        report(
          `Service ${service.replace(/^\//, '')} is exposed ${ways.length} times (${ways.join(', ')}); keep one: behind an Ingress the Service is ClusterIP`,
        );
    }
  },
};

export const policies: (ResourceValidationPolicy | StackValidationPolicy)[] = [
  probesPolicy,
  resourcesPolicy,
  noLatestImagePolicy,
  nonRootPolicy,
  noPrivilegeEscalationPolicy,
  dropCapabilitiesPolicy,
  readOnlyRootPolicy,
  seccompPolicy,
  noServiceAccountTokenPolicy,
  secretsByReferencePolicy,
  noLoadBalancerOnDevPolicy,
  nodePortRangePolicy,
  zeroDowntimeRolloutPolicy,
  replicasAndPdbPolicy,
  serviceExposedOncePolicy,
];
