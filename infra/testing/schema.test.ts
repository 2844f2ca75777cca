import { kubernetesObjects, renderStack } from '../render/program';
import { schemaError } from './schema';

jest.setTimeout(60_000);

describe('every rendered Kubernetes object against the Kubernetes OpenAPI schema', () => {
  it.each(['dev', 'prod'] as const)('when the %s stack is rendered, then every object validates', async (stack) => {
    const objects = kubernetesObjects(await renderStack(stack));
    expect(objects.length).toBeGreaterThan(10);
    const errors = objects.map((o) => [`${String(o.kind)}/${String((o.metadata as { name?: string }).name)}`, schemaError(o)]);
    expect(errors.filter(([, error]) => error !== undefined)).toEqual([]);
  });

  it.each([
    [
      'a string replica count',
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'x' }, spec: { replicas: '2', selector: {}, template: {} } },
      'data/spec/replicas must be integer',
    ],
    [
      'an unknown Service type',
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'x' }, spec: { type: 'Public', ports: [{ port: 80 }] } },
      'data/spec/type must be equal to one of the allowed values',
    ],
    [
      'a container without a name',
      {
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: { name: 'x' },
        spec: { template: { spec: { containers: [{ image: 'x:1' }] } } },
      },
      'data/spec/template/spec/containers/0 must have required property name',
    ],
    ['an unknown kind', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x' } }, 'no schema registered for v1/Pod'],
  ])('when an object has %s, then validation reports it', (_what, object, message) => {
    expect(schemaError(object)).toContain(message);
  });
});
