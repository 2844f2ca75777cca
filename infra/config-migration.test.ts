import { PLAIN_KEYS, SECRET_KEYS } from './config';
import { oldKeyProblem, renamedKey } from './config-migration';

const known = { plain: PLAIN_KEYS, secret: SECRET_KEYS };

/** Every dotted key the release before flat keys declared in Pulumi.yaml (7def0d8). */
const OLD_KEYS = [
  'backend.replicas',
  'backend.cpuRequest',
  'backend.memoryRequest',
  'backend.cpuLimit',
  'backend.memoryLimit',
  'frontend.replicas',
  'frontend.serviceType',
  'frontend.nodePort',
  'frontend.cpuRequest',
  'frontend.memoryRequest',
  'frontend.cpuLimit',
  'frontend.memoryLimit',
  'autoscaling.enabled',
  'autoscaling.maxReplicas',
  'autoscaling.targetCpuUtilization',
  'ingress.enabled',
  'ingress.className',
  'ingress.host',
  'ingress.tls.secretName',
  'ingress.tls.clusterIssuer',
  'ingress.controllerNamespaceLabel',
  'llm.provider',
  'llm.model',
  'llm.maxTokens',
  'llm.temperature',
  'assistant.name',
  'assistant.instructions',
  'images.nodeImage',
  'images.platform',
  'registry.server',
  'registry.username',
  'registry.password',
  'postgres.image',
  'postgres.storageSize',
  'postgres.storageClass',
];

describe('renamedKey', () => {
  it.each([
    ['backend.replicas', 'backendReplicas'],
    ['ingress.tls.clusterIssuer', 'ingressTlsClusterIssuer'],
    ['images.nodeImage', 'nodeImage'],
    ['images.platform', 'imagePlatform'],
    ['registry.password', 'registryPassword'],
    ['backend.replica', undefined],
    ['kubeContext', undefined],
  ])('when the old key is %j, then the new one is %j', (old, flat) => {
    expect(renamedKey(old, known)).toBe(flat);
  });

  it('when every dotted key of the last release is looked up, then each has a flat successor the program knows', () => {
    expect(OLD_KEYS.filter((old) => renamedKey(old, known) === undefined)).toEqual([]);
  });
});

describe('oldKeyProblem', () => {
  it.each([
    ['a flat key', 'kubeContext', 'minikube'],
    ['a scalar under an old group name', 'backend', '2'],
    ['an object with a field nobody knows', 'backend', '{"replica":2}'],
    ['an array', 'ingress', '["x"]'],
  ])('when the key is %s, then it is not an old key (the unknown-key message applies)', (_what, key, value) => {
    expect(oldKeyProblem('todo', key, value, known)).toBeUndefined();
  });

  it('when a secret object holds an old secret, then its value is never repeated', () => {
    const problem = oldKeyProblem('todo', 'registry', '{"server":"ghcr.io/acme","password":"hunter2"}', known);
    expect(problem).toBe(
      'todo:registry is an object holding old dotted keys (registry.server, registry.password), which the engine reads as a path and never finds; now registryServer, registryPassword; fix: pulumi config rm registry && pulumi config set registryServer ghcr.io/acme && pulumi config set --secret registryPassword <value>',
    );
  });
});
