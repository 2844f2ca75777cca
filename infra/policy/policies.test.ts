import type { PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from '@pulumi/policy';
import { renderStack, type RenderedResource } from '../render/program';
import {
  dropCapabilitiesPolicy,
  hasPinnedImage,
  noLatestImagePolicy,
  noLoadBalancerOnDevPolicy,
  nodePortRangePolicy,
  noPrivilegeEscalationPolicy,
  nonRootPolicy,
  noServiceAccountTokenPolicy,
  policies,
  probesPolicy,
  readOnlyRootPolicy,
  replicasAndPdbPolicy,
  resourcesPolicy,
  SECRET_NAME,
  seccompPolicy,
  secretsByReferencePolicy,
  serviceExposedOncePolicy,
  zeroDowntimeRolloutPolicy,
} from './policies';

jest.setTimeout(60_000);

type Props = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- deep test fixtures

const asPolicyResource = (r: { type: string; name: string; urn?: string; inputs: Props }): PolicyResource =>
  ({
    type: r.type,
    name: r.name,
    urn: r.urn ?? `urn:${r.name}`,
    props: r.inputs,
    opts: {},
    dependencies: [],
    propertyDependencies: {},
  }) as unknown as PolicyResource;

/** Runs one policy over resources the way the engine does; returns the violation messages. */
async function run(
  policy: ResourceValidationPolicy | StackValidationPolicy,
  resources: { type: string; name: string; urn?: string; inputs: Props }[],
): Promise<string[]> {
  const violations: string[] = [];
  const report = (message: string) => violations.push(message);
  if ('validateStack' in policy && policy.validateStack) {
    await policy.validateStack({ resources: resources.map(asPolicyResource) } as never, report);
  }
  if ('validateResource' in policy && policy.validateResource) {
    const validations = Array.isArray(policy.validateResource) ? policy.validateResource : [policy.validateResource];
    for (const r of resources) {
      for (const validate of validations) {
        await validate({ type: r.type, name: r.name, urn: r.urn ?? `urn:${r.name}`, props: r.inputs, opts: {} } as never, report);
      }
    }
  }
  return violations;
}

const rendered: Record<'dev' | 'prod', RenderedResource[]> = { dev: [], prod: [] };
beforeAll(async () => {
  rendered.dev = await renderStack('dev');
  rendered.prod = await renderStack('prod');
});

const find = (stack: 'dev' | 'prod', kind: string, name: string) => {
  const r = rendered[stack].find((x) => x.inputs.kind === kind && (x.inputs.metadata as Props).name === name);
  if (!r) throw new Error(`no ${kind} ${name}`);
  return { ...r, inputs: structuredClone(r.inputs) as Props };
};
const backend = () => find('dev', 'Deployment', 'backend');
const container = (r: { inputs: Props }) => r.inputs.spec.template.spec.containers[0];

describe('the policy pack', () => {
  it('when counted, then it has the 15 rules, all mandatory with a rationale', () => {
    expect(policies.map((p) => [p.name, p.enforcementLevel, p.description.length > 40])).toEqual(
      [
        'workload-probes',
        'workload-resources',
        'no-latest-image',
        'run-as-non-root',
        'no-privilege-escalation',
        'drop-all-capabilities',
        'read-only-root-filesystem',
        'seccomp-runtime-default',
        'no-service-account-token',
        'secrets-by-reference',
        'no-loadbalancer-on-dev',
        'nodeport-in-range',
        'zero-downtime-rollout',
        'replicas-and-pdb',
        'service-exposed-once',
      ].map((name) => [name, 'mandatory', true]),
    );
  });

  it.each(['dev', 'prod'] as const)('when run over the %s stack, then no policy reports a violation', async (stack) => {
    const all: string[] = [];
    for (const policy of policies) all.push(...(await run(policy, rendered[stack])));
    expect(all).toEqual([]);
  });
});

describe('each policy on a deliberately broken resource', () => {
  const cases: [string, ResourceValidationPolicy | StackValidationPolicy, () => { type: string; name: string; inputs: Props }[], string][] =
    [
      [
        'a Deployment without a readiness probe',
        probesPolicy,
        () => {
          const r = backend();
          delete container(r).readinessProbe;
          return [r];
        },
        'backend/backend: needs a livenessProbe and a readinessProbe',
      ],
      [
        'a container without limits',
        resourcesPolicy,
        () => {
          const r = backend();
          delete container(r).resources.limits;
          return [r];
        },
        'backend/backend: missing resources limits.cpu, limits.memory',
      ],
      [
        'an image on :latest',
        noLatestImagePolicy,
        () => {
          const r = backend();
          container(r).image = 'todo/backend:latest';
          return [r];
        },
        'backend/backend: image "todo/backend:latest" is not pinned to a tag or digest',
      ],
      [
        'a container running as root',
        nonRootPolicy,
        () => {
          const r = backend();
          container(r).securityContext.runAsUser = 0;
          container(r).securityContext.runAsNonRoot = false;
          return [r];
        },
        'backend/backend: runAsNonRoot must be true',
      ],
      [
        'a privileged container',
        noPrivilegeEscalationPolicy,
        () => {
          const r = backend();
          container(r).securityContext.privileged = true;
          return [r];
        },
        'backend/backend: must not be privileged',
      ],
      [
        'a container that adds NET_ADMIN',
        dropCapabilitiesPolicy,
        () => {
          const r = backend();
          container(r).securityContext.capabilities = { drop: ['ALL'], add: ['NET_ADMIN'] };
          return [r];
        },
        'backend/backend: must not add capabilities (NET_ADMIN)',
      ],
      [
        'a writable root filesystem',
        readOnlyRootPolicy,
        () => {
          const r = find('dev', 'StatefulSet', 'postgres');
          container(r).securityContext.readOnlyRootFilesystem = false;
          return [r];
        },
        'postgres/postgres: readOnlyRootFilesystem must be true',
      ],
      [
        'an unconfined seccomp profile',
        seccompPolicy,
        () => {
          const r = backend();
          delete container(r).securityContext.seccompProfile;
          r.inputs.spec.template.spec.securityContext.seccompProfile = { type: 'Unconfined' };
          return [r];
        },
        'backend/backend: seccompProfile must be RuntimeDefault',
      ],
      [
        'a mounted service account token',
        noServiceAccountTokenPolicy,
        () => {
          const job = rendered.dev.find((x) => x.inputs.kind === 'Job')!;
          const r = { ...job, inputs: structuredClone(job.inputs) as Props };
          delete r.inputs.spec.template.spec.automountServiceAccountToken;
          return [r];
        },
        'automountServiceAccountToken must be false',
      ],
      [
        'a literal DATABASE_URL env value',
        secretsByReferencePolicy,
        () => {
          const r = backend();
          container(r).env.push({ name: 'DATABASE_URL', value: 'postgresql://u:p@h/db' });
          return [r];
        },
        'backend: env DATABASE_URL is a literal value; use valueFrom.secretKeyRef',
      ],
      [
        'a ConfigMap holding a JWT secret',
        secretsByReferencePolicy,
        () => {
          const r = find('dev', 'ConfigMap', 'backend-config');
          r.inputs.data.JWT_SECRET = 'oops';
          return [r];
        },
        'ConfigMap backend-config holds "JWT_SECRET": put it in a Secret',
      ],
      [
        'a LoadBalancer on dev',
        noLoadBalancerOnDevPolicy,
        () => {
          const r = find('dev', 'Service', 'frontend');
          r.inputs.spec.type = 'LoadBalancer';
          return [r];
        },
        'Service frontend is a LoadBalancer on dev; use NodePort',
      ],
      [
        'a NodePort out of range',
        nodePortRangePolicy,
        () => {
          const r = find('dev', 'Service', 'frontend');
          r.inputs.spec.ports[0].nodePort = 8080;
          return [r];
        },
        'Service frontend: nodePort 8080 is outside 30000-32767',
      ],
      [
        'a rollout allowing one unavailable pod',
        zeroDowntimeRolloutPolicy,
        () => {
          const r = backend();
          r.inputs.spec.strategy.rollingUpdate.maxUnavailable = 1;
          return [r];
        },
        'Deployment backend: rollingUpdate.maxUnavailable must be 0',
      ],
      [
        'a single-replica Deployment',
        replicasAndPdbPolicy,
        () => {
          const r = backend();
          r.inputs.spec.replicas = 1;
          return [r, find('dev', 'PodDisruptionBudget', 'backend')];
        },
        'Deployment backend: 1 replica(s); run at least 2 (or an HPA with minReplicas >= 2)',
      ],
      [
        'a NodePort frontend Service that an Ingress also routes to',
        serviceExposedOncePolicy,
        () => {
          const ingress = find('prod', 'Ingress', 'frontend');
          const service = find('prod', 'Service', 'frontend');
          service.inputs.spec.type = 'NodePort';
          return [service, ingress];
        },
        'Service todo-app/frontend is exposed 2 times (type NodePort, Ingress frontend); keep one: behind an Ingress the Service is ClusterIP',
      ],
      [
        'two Ingresses routing to the same ClusterIP Service',
        serviceExposedOncePolicy,
        () => {
          const ingress = find('prod', 'Ingress', 'frontend');
          const second = structuredClone(ingress);
          second.name = 'frontend-2-ingress';
          second.inputs.metadata.name = 'frontend-2';
          return [find('prod', 'Service', 'frontend'), ingress, second];
        },
        'Service todo-app/frontend is exposed 2 times (Ingress frontend, Ingress frontend-2)',
      ],
      [
        'a Deployment without a PodDisruptionBudget',
        replicasAndPdbPolicy,
        () => [backend()],
        'Deployment backend: no PodDisruptionBudget selects its pods',
      ],
    ];

  it.each(cases)('when given %s, then it is reported', async (_what, policy, broken, message) => {
    const violations = await run(policy, broken());
    expect(violations.some((v) => v.includes(message))).toBe(true);
  });
});

describe('SECRET_NAME', () => {
  it.each([
    ['DATABASE_URL', true],
    ['JWT_SECRET', true],
    ['GROQ_API_KEY', true],
    ['POSTGRES_PASSWORD', true],
    ['GITHUB_TOKEN', true],
    ['MAX_TOKENS', false],
    ['GROQ_MODEL', false],
    ['KEYBOARD_LAYOUT', false],
  ])('when the env var is %s, then secret-like is %s', (name, expected) => {
    expect(SECRET_NAME.test(name)).toBe(expected);
  });
});

describe('hasPinnedImage', () => {
  it.each([
    ['todo/backend:0123456789ab', true],
    ['postgres:17.6-bookworm', true],
    ['ghcr.io/acme/todo/backend@sha256:' + 'a'.repeat(64), true],
    ['localhost:5000/todo/backend:1.2.3', true],
    ['todo/backend:latest', false],
    ['todo/backend', false],
    ['localhost:5000/todo/backend', false],
  ])('when the image is %s, then pinned is %s', (image, expected) => {
    expect(hasPinnedImage(image)).toBe(expected);
  });
});
