import * as fs from 'node:fs';
import * as path from 'node:path';
import { renderProgram, stackFileConfig, type RenderResult } from './render/program';
import type { RenderedResource } from './render/record';
import type { Inputs } from './testing/mocks';
import { writeFixtureRepo } from './testing/fixture-repo';
import { appImageReference } from './images/app-images';

/** The images of the stacks: built here (with the build network when set), or given by reference; and which objects carry their tag. */

jest.setTimeout(60_000);

const DIGEST = `sha256:${'0123456789abcdef'.repeat(4)}`;
const BACKEND_REF = `registry.example/todo/backend:1.4.0@${DIGEST}`;
const FRONTEND_REF = `registry.example/todo/frontend@${DIGEST}`;

const k8sObjects = (r: RenderResult) => r.resources.filter((x) => x.type.startsWith('kubernetes:'));
const kindName = (x: RenderedResource) => `${x.inputs.kind as string}/${(x.inputs.metadata as Inputs).name as string}`;
const dockerResources = (r: RenderResult) => r.resources.filter((x) => x.type.split(':').includes('docker'));
const VERSION = 'app.kubernetes.io/version';

/** `kind/name` → the version label of the object itself and of its pod template, for every object with one. */
function versionLabels(r: RenderResult): Record<string, [string | undefined, string | undefined]> {
  const found: Record<string, [string | undefined, string | undefined]> = {};
  for (const object of k8sObjects(r)) {
    const own = (object.inputs.metadata as Inputs).labels?.[VERSION] as string | undefined;
    const pod = (object.inputs.spec as Inputs | undefined)?.template?.metadata?.labels?.[VERSION] as string | undefined;
    if (own !== undefined || pod !== undefined) found[kindName(object)] = [own, pod];
  }
  return found;
}

/** A small repository with both Dockerfiles, so edits in the real work tree cannot move the tags between renders. */
function makeFixtureRepo(): string {
  return writeFixtureRepo('todo-stack-images-', {
    'package.json': '{}',
    'package-lock.json': '{}',
    'apps/backend/Dockerfile': 'FROM node:24\nCOPY package.json package-lock.json ./\nCOPY apps/backend apps/backend\n',
    'apps/backend/src/main.ts': 'backend v1',
    'apps/frontend/Dockerfile': 'FROM node:24\nCOPY package.json package-lock.json ./\nCOPY apps/frontend apps/frontend\n',
    'apps/frontend/src/page.tsx': 'frontend',
  });
}

describe('images given by reference', () => {
  let given: RenderResult;
  beforeAll(async () => {
    given = await renderProgram(
      { ...stackFileConfig('dev'), 'todo:backendImage': BACKEND_REF, 'todo:frontendImage': FRONTEND_REF },
      { stack: 'dev' },
    );
  });

  it('when both references are set, then no docker resource of any kind is registered (not even the provider)', () => {
    expect(dockerResources(given).map((x) => x.type)).toEqual([]);
  });

  it('when both references are set, then the Deployments and the migration Job run them, pulled IfNotPresent', () => {
    const containers = Object.fromEntries(
      k8sObjects(given)
        .filter((x) => ['Deployment', 'Job'].includes(x.inputs.kind as string))
        .map((x) => {
          const container = (x.inputs.spec as Inputs).template.spec.containers[0];
          return [kindName(x), [container.image, container.imagePullPolicy]];
        }),
    );
    expect(containers).toEqual({
      'Deployment/backend': [BACKEND_REF, 'IfNotPresent'],
      'Deployment/frontend': [FRONTEND_REF, 'IfNotPresent'],
      'Job/backend-migrate-1.4.0': [BACKEND_REF, 'IfNotPresent'],
    });
    expect([given.outputs.backendImage, given.outputs.frontendImage, given.outputs.migrationJob]).toEqual([
      BACKEND_REF,
      FRONTEND_REF,
      'backend-migrate-1.4.0',
    ]);
  });

  it('when both references are set, then the pods are labelled with the reference tag, or the digest when there is no tag', () => {
    expect(versionLabels(given)).toEqual({
      'Deployment/backend': [undefined, '1.4.0'],
      'Deployment/frontend': [undefined, '0123456789ab'],
      'Job/backend-migrate-1.4.0': ['1.4.0', '1.4.0'],
    });
  });
});

describe('images built here', () => {
  it('when imageBuildNetwork is set, then both builds run on that network; unset, neither names one', async () => {
    const config = stackFileConfig('dev');
    delete config['todo:imageBuildNetwork'];
    const networks = (r: RenderResult) =>
      r.resources.filter((x) => x.type === 'docker:index/image:Image').map((x) => [x.name, (x.inputs.build as Inputs).network]);
    const unset = await renderProgram(config, { stack: 'dev' });
    const host = await renderProgram({ ...config, 'todo:imageBuildNetwork': 'host' }, { stack: 'dev' });
    expect(networks(unset)).toEqual([
      ['backend-image', undefined],
      ['frontend-image', undefined],
    ]);
    expect(networks(host)).toEqual([
      ['backend-image', 'host'],
      ['frontend-image', 'host'],
    ]);
    expect(host.outputs.backendImage).toBe(unset.outputs.backendImage);
    expect(dockerResources(host).map((x) => x.type)).toEqual([
      'pulumi:providers:docker',
      'docker:index/image:Image',
      'docker:index/image:Image',
    ]);
  });
});

describe('images npm run deploy builds and loads (imageDelivery image-load)', () => {
  it('when imageDelivery is image-load, then no docker resource is registered and the pods run the content tags the wrapper computes, never pulled', async () => {
    const root = makeFixtureRepo();
    try {
      const config: Record<string, string> = {
        ...stackFileConfig('dev'),
        'todo:imageDelivery': 'image-load',
        'todo:nodeImage': 'node:24-bookworm-slim',
      };
      const r = await renderProgram(config, { stack: 'dev', workDir: root });
      const settings = { nodeImage: 'node:24-bookworm-slim' };
      const expected = { backend: appImageReference(root, 'backend', settings), frontend: appImageReference(root, 'frontend', settings) };
      expect(dockerResources(r).map((x) => x.type)).toEqual([]);
      const deployments = Object.fromEntries(
        k8sObjects(r)
          .filter((x) => x.inputs.kind === 'Deployment')
          .map((x) => {
            const container = (x.inputs.spec as Inputs).template.spec.containers[0];
            return [kindName(x), [container.image, container.imagePullPolicy]];
          }),
      );
      expect(deployments).toEqual({
        'Deployment/backend': [expected.backend, 'Never'],
        'Deployment/frontend': [expected.frontend, 'Never'],
      });
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('the version label', () => {
  it.each(['dev', 'prod'] as const)(
    'when the %s stack is rendered, then only the pod templates and the per-tag migration Job carry the image tag',
    async (stack) => {
      const r = await renderProgram(stack);
      const backendTag = (r.outputs.backendImage as string).split(':').pop();
      const frontendTag = (r.outputs.frontendImage as string).split(':').pop();
      expect(versionLabels(r)).toEqual({
        'Deployment/backend': [undefined, backendTag],
        'Deployment/frontend': [undefined, frontendTag],
        [`Job/backend-migrate-${backendTag as string}`]: [backendTag, backendTag],
      });
    },
  );

  it('when only a backend file changes, then only the backend Deployment and the migration Job change among the Kubernetes objects', async () => {
    const root = makeFixtureRepo();
    try {
      const before = await renderProgram('dev', { workDir: root });
      fs.writeFileSync(path.join(root, 'apps/backend/src/main.ts'), 'backend v2');
      const after = await renderProgram('dev', { workDir: root });
      const inputsByUrn = (r: RenderResult) => new Map(k8sObjects(r).map((x) => [x.urn, x.inputs]));
      const old = inputsByUrn(before);
      const changed = k8sObjects(after)
        .filter((x) => JSON.stringify(x.inputs) !== JSON.stringify(old.get(x.urn)))
        .map((x) => x.name);
      expect(after.outputs.backendImage).not.toBe(before.outputs.backendImage);
      expect(changed.sort()).toEqual(['backend-deployment', 'backend-migrate-job']);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
