import * as pulumi from '@pulumi/pulumi';
import { parseStackConfig, StackConfigError } from './config';

const generated = { jwtSecret: pulumi.secret('j'.repeat(64)), postgresPassword: pulumi.secret('p'.repeat(64)) };
const registry = { registryServer: 'ghcr.io/acme', registryUsername: 'bot' };
const withPassword = { ...generated, registryPassword: pulumi.secret('token') };

function problemsOf(raw: Record<string, string>, secrets: Parameters<typeof parseStackConfig>[2] = generated): string[] {
  try {
    parseStackConfig('dev', raw, secrets);
  } catch (error) {
    if (error instanceof StackConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('imageDelivery', () => {
  it.each([
    ['unset', {}, generated, undefined],
    ['docker-env', { imageDelivery: 'docker-env' }, generated, 'docker-env'],
    ['image-load', { imageDelivery: 'image-load' }, generated, 'image-load'],
    ['registry with registryServer', { imageDelivery: 'registry', ...registry }, withPassword, 'registry'],
  ])('when it is %s, then images.delivery is that', (_what, raw, secrets, delivery) => {
    expect(parseStackConfig('dev', raw, secrets).images.delivery).toBe(delivery);
  });

  it.each([
    [
      'not one of its values',
      { imageDelivery: 'minikube' },
      generated,
      'todo:imageDelivery Invalid option: expected one of "docker-env"|"image-load"|"registry" (got "minikube"); fix: pulumi config set imageDelivery docker-env',
    ],
    [
      'registry without registryServer',
      { imageDelivery: 'registry' },
      generated,
      'todo:imageDelivery is registry but no registryServer is set; fix: pulumi config set registryServer ghcr.io/my-org (with registryUsername and registryPassword), or pulumi config rm imageDelivery',
    ],
    [
      'image-load with registryServer',
      { imageDelivery: 'image-load', ...registry },
      withPassword,
      'todo:imageDelivery is image-load but registryServer ghcr.io/acme makes the images go through that registry; fix: pulumi config rm imageDelivery (or pulumi config rm registryServer)',
    ],
    [
      'set with both image references',
      { imageDelivery: 'docker-env', backendImage: 'todo/backend:abc123', frontendImage: 'todo/frontend:abc123' },
      generated,
      'todo:imageDelivery is unused: backendImage and frontendImage are deployed as they are, nothing is built; fix: pulumi config rm imageDelivery',
    ],
  ])('when it is %s, then the problem names the fix', (_what, raw, secrets, problem) => {
    expect(problemsOf(raw, secrets)).toEqual([problem]);
  });
});
