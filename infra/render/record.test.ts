import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { recordProgram, unwrapSecrets } from './record';

class Pair extends pulumi.ComponentResource {
  readonly first: k8s.core.v1.ConfigMap;
  constructor(name: string, opts?: pulumi.ComponentResourceOptions) {
    super('test:index:Pair', name, {}, opts);
    this.first = new k8s.core.v1.ConfigMap(`${name}-first`, { data: { a: '1' } }, { parent: this });
    new k8s.core.v1.ConfigMap(`${name}-second`, { data: { b: '2' } }, { parent: this });
    this.registerOutputs({});
  }
}

const noConfig = { values: {}, secretKeys: [] };

describe('recordProgram', () => {
  it('when a resource depends on a component, then it waits for the component and every child of it', async () => {
    const { resources } = await recordProgram('todo', 'dev', noConfig, () => {
      const pair = new Pair('pair');
      new k8s.core.v1.ConfigMap('after', { data: {} }, { dependsOn: [pair] });
    });
    const urn = (name: string) => resources.find((r) => r.name === name)?.urn;
    expect(resources.map((r) => [r.name, r.custom])).toEqual([
      ['pair', false],
      ['pair-first', true],
      ['pair-second', true],
      ['after', true],
    ]);
    expect(resources.find((r) => r.name === 'pair-first')?.parent).toBe(urn('pair'));
    expect(resources.find((r) => r.name === 'after')?.dependsOn).toEqual([urn('pair'), urn('pair-first'), urn('pair-second')]);
  });

  it('when the program returns Outputs and uses secret config, then the outputs resolve and the secret inputs are marked', async () => {
    const { resources, outputs } = await recordProgram(
      'todo',
      'dev',
      { values: { 'todo:token': 's3cret' }, secretKeys: ['todo:token'] },
      () => {
        const token = new pulumi.Config('todo').requireSecret('token');
        const secret = new k8s.core.v1.Secret('s', { stringData: { TOKEN: token } });
        return { name: pulumi.output('fixed'), length: token.apply((t) => t.length), secret: secret.urn };
      },
    );
    expect(outputs).toMatchObject({ name: 'fixed', length: 6 });
    const secret = resources.find((r) => r.name === 's');
    expect(secret?.inputs.stringData).toEqual({ TOKEN: 's3cret' });
    // The SDK marks the whole top-level property secret when any value inside it is.
    expect(secret?.secretPaths).toEqual(['stringData']);
  });

  it('when the program throws, then the recording rejects with its error', async () => {
    await expect(
      recordProgram('todo', 'dev', noConfig, () => {
        throw new Error('bad config');
      }),
    ).rejects.toThrow('bad config');
  });
});

describe('unwrapSecrets', () => {
  it('when values are wrapped in secret envelopes, then they come back plain with their paths', () => {
    const wrap = (value: unknown) => ({ [pulumi.runtime.specialSigKey]: pulumi.runtime.specialSecretSig, value });
    expect(unwrapSecrets({ a: wrap('x'), b: [1, wrap(2)], c: 'plain' })).toEqual({
      value: { a: 'x', b: [1, 2], c: 'plain' },
      secretPaths: ['a', 'b[1]'],
    });
  });
});
