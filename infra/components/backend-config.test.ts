import * as pulumi from '@pulumi/pulumi';
import { checksumOf } from '../checksum';
import { inputsOf, recordResources } from '../testing/mocks';
import { BackendConfig, type BackendConfigArgs } from './backend-config';

const labels = { app: 'backend', component: 'api', tier: 'backend', instance: 'dev', environment: 'dev' };
const settings = { LLM_PROVIDER: 'disabled', LOG_LEVEL: 'info' };
const args = (): BackendConfigArgs => ({
  namespace: 'todo-app',
  labels,
  settings,
  secrets: {
    DATABASE_URL: pulumi.secret('postgresql://todo:pw@postgres:5432/todo'),
    JWT_SECRET: pulumi.secret('jwt'),
    GROQ_API_KEY: undefined,
  },
});

function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply(resolve));
}

describe('BackendConfig', () => {
  it('when built, then the ConfigMap holds only the settings', async () => {
    const records = await recordResources(() => new BackendConfig('backend', args()));
    const configMap = inputsOf(records, 'backend-configmap');
    expect(configMap.metadata.name).toBe('backend-config');
    expect(configMap.data).toEqual(settings);
  });

  it('when built, then the Secret is Opaque, holds the present secrets and is marked secret', async () => {
    const records = await recordResources(() => new BackendConfig('backend', args()));
    const secret = records.find((r) => r.name === 'backend-secret');
    expect(secret?.inputs).toMatchObject({ metadata: { name: 'backend-secrets' }, type: 'Opaque' });
    expect(secret?.inputs.stringData).toEqual({ DATABASE_URL: 'postgresql://todo:pw@postgres:5432/todo', JWT_SECRET: 'jwt' });
    expect(secret?.secretPaths).toEqual(['stringData']);
  });

  it('when built, then the checksums are the SHA-256 of the data and are plain (not hiding the pod spec)', async () => {
    let config: BackendConfig | undefined;
    await recordResources(() => {
      config = new BackendConfig('backend', args());
    });
    expect(await valueOf(config!.checksums['checksum/config']!)).toBe(checksumOf(settings));
    expect(await valueOf(config!.checksums['checksum/secret']!)).toBe(
      checksumOf({ DATABASE_URL: 'postgresql://todo:pw@postgres:5432/todo', JWT_SECRET: 'jwt' }),
    );
    expect(await pulumi.isSecret(config!.checksums['checksum/secret']!)).toBe(false);
  });

  it('when a secret value changes, then the secret checksum changes', async () => {
    let first: BackendConfig | undefined;
    let second: BackendConfig | undefined;
    await recordResources(() => {
      first = new BackendConfig('a', args());
      second = new BackendConfig('b', { ...args(), secrets: { ...args().secrets, JWT_SECRET: pulumi.secret('other') } });
    });
    expect(await valueOf(first!.checksums['checksum/secret']!)).not.toBe(await valueOf(second!.checksums['checksum/secret']!));
  });
});
