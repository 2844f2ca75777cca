import { builtImage, dockerImagePlan } from './app-image-plan';

const registry = { server: 'ghcr.io/my-org/', username: 'u', password: 'pw' };

describe('builtImage', () => {
  it.each([
    [undefined, { imageRef: 'todo/backend:abc123def456', imagePullPolicy: 'Never' }],
    [registry, { imageRef: 'ghcr.io/my-org/todo/backend:abc123def456', imagePullPolicy: 'IfNotPresent' }],
  ])('when the registry is %j, then the image is %j', (given, expected) => {
    expect(builtImage({ repository: 'todo/backend', registry: given }, 'abc123def456')).toEqual(expected);
  });
});

describe('dockerImagePlan', () => {
  it('when there is no registry, then BuildKit builds from the repository root and nothing is pushed', () => {
    expect(dockerImagePlan({ repository: 'todo/backend', dockerfile: 'apps/backend/Dockerfile' }, 'todo/backend:abc')).toEqual({
      imageName: 'todo/backend:abc',
      build: {
        context: '.',
        dockerfile: 'apps/backend/Dockerfile',
        args: {},
        builderVersion: 'BuilderBuildKit',
        platform: undefined,
        network: undefined,
      },
      skipPush: true,
      registry: undefined,
    });
  });

  it('when a registry, a context and build args are given, then the build pushes with those credentials', () => {
    const plan = dockerImagePlan(
      {
        repository: 'todo/api',
        context: 'svc',
        dockerfile: 'Dockerfile',
        buildArgs: { NODE_IMAGE: 'node:24' },
        registry,
        platform: 'linux/amd64',
      },
      'ghcr.io/my-org/todo/api:abc',
    );
    expect([plan.build, plan.skipPush, plan.registry]).toEqual([
      {
        context: 'svc',
        dockerfile: 'svc/Dockerfile',
        args: { NODE_IMAGE: 'node:24' },
        builderVersion: 'BuilderBuildKit',
        platform: 'linux/amd64',
        network: undefined,
      },
      false,
      registry,
    ]);
  });
});
