import { kubeContextOf, objectOf, parseStackExport } from './stack-state';

describe('parseStackExport', () => {
  it.each([
    ['a stack never deployed', '{"version":3,"deployment":null}', []],
    ['a destroyed stack', '{"version":3,"deployment":{"manifest":{},"secrets_providers":{}}}', []],
    [
      'pending deletes next to live resources',
      '{"version":3,"deployment":{"resources":[{"urn":"u1","type":"t"},{"urn":"u2","type":"t","delete":true}]}}',
      [{ urn: 'u1', type: 't' }],
    ],
  ])('when the export is %s, then the live resources are %j', (_, stdout, expected) => {
    expect(parseStackExport(stdout)).toEqual(expected);
  });

  it('when the output is not JSON, then the error says so without quoting it', () => {
    expect(parseStackExport('secret: v1:abc')).toEqual({ error: 'pulumi stack export did not print JSON' });
  });
});

describe('objectOf and kubeContextOf', () => {
  it('when a resource has outputs, then its kind, name and namespace come from them', () => {
    expect(objectOf({ urn: 'u', type: 't', outputs: { kind: 'Secret', metadata: { name: 's', namespace: 'n' } } })).toEqual({
      kind: 'Secret',
      name: 's',
      namespace: 'n',
    });
  });

  it('when the state has a kubernetes provider, then its context is the one the stack deploys to', () => {
    expect(kubeContextOf([{ urn: 'p', type: 'pulumi:providers:kubernetes', inputs: { context: 'minikube' } }])).toBe('minikube');
  });
});
