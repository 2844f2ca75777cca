import * as pulumi from '@pulumi/pulumi';
import { inputsOf, recordResources } from '../testing/mocks';
import { PullSecret } from './pull-secret';

describe('PullSecret', () => {
  it('when built from the registry settings, then a dockerconfigjson Secret keyed by the registry host holds them, marked secret', async () => {
    const records = await recordResources(
      () =>
        new PullSecret('registry', {
          namespace: 'todo-app',
          instance: 'prod',
          environment: 'prod',
          server: 'ghcr.io/example-org',
          username: 'example-bot',
          password: pulumi.secret('token'),
        }),
    );
    const secret = inputsOf(records, 'registry-pull-secret');
    expect(secret.metadata.name).toBe('registry-pull-secret');
    expect(secret.type).toBe('kubernetes.io/dockerconfigjson');
    expect(JSON.parse(secret.stringData['.dockerconfigjson'])).toEqual({
      auths: { 'ghcr.io': { username: 'example-bot', password: 'token', auth: Buffer.from('example-bot:token').toString('base64') } },
    });
    expect(records.find((r) => r.name === 'registry-pull-secret')?.secretPaths).toEqual(['stringData']);
    expect(records.find((r) => r.name === 'registry')?.secretPaths).toEqual(['password']);
  });
});
