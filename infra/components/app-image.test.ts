import * as pulumi from '@pulumi/pulumi';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { inputsOf, recordResources } from '../testing/mocks';
import { AppImage } from './app-image';
import { writeFixtureRepo } from '../testing/fixture-repo';

function fixture(): string {
  return writeFixtureRepo('todo-app-image-', {
    'package.json': '{}',
    'package-lock.json': '{}',
    'apps/backend/Dockerfile':
      'ARG NODE_IMAGE=node:24\nFROM ${NODE_IMAGE}\nCOPY package.json package-lock.json ./\nCOPY apps/backend apps/backend\n',
    'apps/backend/src/main.ts': 'x',
  });
}

describe('AppImage', () => {
  let root: string;
  beforeEach(() => {
    root = fixture();
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('when no registry is given, then it builds into the local daemon with skipPush and pull policy Never', async () => {
    let image: AppImage | undefined;
    const records = await recordResources(() => {
      image = new AppImage('backend', { repository: 'todo/backend', dockerfile: 'apps/backend/Dockerfile', workDir: root });
    });
    expect(image!.tag).toMatch(/^[0-9a-f]{12}$/);
    expect(image!.imageRef).toBe(`todo/backend:${image!.tag}`);
    expect(image!.imagePullPolicy).toBe('Never');
    expect(inputsOf(records, 'backend-image')).toEqual({
      imageName: `todo/backend:${image!.tag}`,
      build: { context: '.', dockerfile: 'apps/backend/Dockerfile', args: {}, builderVersion: 'BuilderBuildKit' },
      skipPush: true,
      buildOnPreview: false,
    });
  });

  it('when a registry is given, then it pushes with the password as a secret and pull policy IfNotPresent', async () => {
    let image: AppImage | undefined;
    const records = await recordResources(() => {
      image = new AppImage('backend', {
        repository: 'todo/backend',
        dockerfile: 'apps/backend/Dockerfile',
        workDir: root,
        buildArgs: { NODE_IMAGE: 'node:24-bookworm-slim' },
        registry: { server: 'ghcr.io/acme/', username: 'bot', password: pulumi.secret('token') },
      });
    });
    const inputs = inputsOf(records, 'backend-image');
    expect(image!.imageRef).toBe(`ghcr.io/acme/todo/backend:${image!.tag}`);
    expect(image!.imagePullPolicy).toBe('IfNotPresent');
    expect(inputs.skipPush).toBe(false);
    expect(inputs.build.args).toEqual({ NODE_IMAGE: 'node:24-bookworm-slim' });
    expect(inputs.registry).toEqual({ server: 'ghcr.io/acme/', username: 'bot', password: 'token' });
    expect(records.find((r) => r.name === 'backend-image')?.secretPaths).toEqual(['registry']);
    // The component's own recorded inputs: no machine-specific checkout path, the password secret.
    const component = records.find((r) => r.type === 'todo:infra:AppImage');
    expect(component?.inputs).toMatchObject({ repository: 'todo/backend', dockerfile: 'apps/backend/Dockerfile' });
    expect(component?.inputs.workDir).toBeUndefined();
    expect(component?.secretPaths).toEqual(['registry']);
  });

  it('when the sources are unchanged, then two programs give the same tag; when a copied file changes, a new tag', async () => {
    const tagOf = async () => {
      let image: AppImage | undefined;
      await recordResources(() => {
        image = new AppImage('backend', { repository: 'todo/backend', dockerfile: 'apps/backend/Dockerfile', workDir: root });
      });
      return image!.tag;
    };
    const first = await tagOf();
    expect(await tagOf()).toBe(first);
    fs.writeFileSync(path.join(root, 'apps/backend/src/main.ts'), 'changed');
    expect(await tagOf()).not.toBe(first);
  });

  it('when a build network is set, then the build runs on it and the tag is the same as without', async () => {
    const images: AppImage[] = [];
    const records = await recordResources(() => {
      images.push(new AppImage('plain', { repository: 'todo/backend', dockerfile: 'apps/backend/Dockerfile', workDir: root }));
      images.push(
        new AppImage('host', { repository: 'todo/backend', dockerfile: 'apps/backend/Dockerfile', workDir: root, network: 'host' }),
      );
    });
    expect(inputsOf(records, 'host-image').build).toEqual({
      context: '.',
      dockerfile: 'apps/backend/Dockerfile',
      args: {},
      builderVersion: 'BuilderBuildKit',
      network: 'host',
    });
    expect(inputsOf(records, 'plain-image').build.network).toBeUndefined();
    expect(images[1]!.tag).toBe(images[0]!.tag);
  });

  it.each([
    ['a tag', 'ghcr.io/acme/todo/backend:1.4.0', '1.4.0'],
    ['a digest only', `ghcr.io/acme/todo/backend@sha256:${'ab'.repeat(32)}`, 'abababababab'],
  ])('when a reference with %s is given, then nothing is built and pods pull that reference', async (_what, reference, tag) => {
    let image: AppImage | undefined;
    const records = await recordResources(() => {
      image = new AppImage('backend', {
        repository: 'todo/backend',
        dockerfile: 'apps/backend/Dockerfile',
        workDir: root,
        network: 'host',
        registry: { server: 'ghcr.io/acme', username: 'bot', password: 'token' },
        reference,
      });
    });
    expect(records.map((r) => r.type)).toEqual(['todo:infra:AppImage']);
    expect([image!.imageRef, image!.tag, image!.imagePullPolicy, image!.image]).toEqual([reference, tag, 'IfNotPresent', undefined]);
  });

  it('when a reference names no fixed image, then the program stops with the reason', async () => {
    await expect(
      recordResources(() => {
        new AppImage('backend', {
          repository: 'todo/backend',
          dockerfile: 'apps/backend/Dockerfile',
          workDir: root,
          reference: 'todo/backend:latest',
        });
      }),
    ).rejects.toThrow(/`latest` names no fixed image/);
  });

  it('when the build arg changes, then the tag changes', async () => {
    const tags: string[] = [];
    await recordResources(() => {
      for (const nodeImage of ['node:22', 'node:24']) {
        tags.push(
          new AppImage(`img-${nodeImage.replace(':', '-')}`, {
            repository: 'todo/backend',
            dockerfile: 'apps/backend/Dockerfile',
            workDir: root,
            buildArgs: { NODE_IMAGE: nodeImage },
          }).tag,
        );
      }
    });
    expect(tags[0]).not.toBe(tags[1]);
  });
});
