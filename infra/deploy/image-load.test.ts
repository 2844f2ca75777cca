import * as fs from 'node:fs';
import { appImageReference } from '../images/app-images';
import { writeFixtureRepo } from '../testing/fixture-repo';
import { deliverByImageLoad, dockerBuildArgs, normaliseReference, parseImageList, planImageLoad } from './image-load';
import type { CommandResult } from './minikube';

describe('parseImageList', () => {
  it('when minikube image ls --format short lists containerd names, then they compare as Docker names', () => {
    const listed = parseImageList(
      'registry.k8s.io/pause:3.10\ndocker.io/todo/backend:0123456789ab\ndocker.io/library/postgres:15-alpine\n\n',
    );
    expect([...listed]).toEqual(['registry.k8s.io/pause:3.10', 'todo/backend:0123456789ab', 'postgres:15-alpine']);
    expect(normaliseReference('docker.io/todo/frontend:abc')).toBe('todo/frontend:abc');
  });
});

describe('planImageLoad', () => {
  const refs = { backend: 'todo/backend:aaa', frontend: 'todo/frontend:bbb' };
  it.each([
    ['both loaded', ['todo/backend:aaa', 'todo/frontend:bbb'], [], [false, false, false, false]],
    ['neither loaded nor built', [], [], [true, true, true, true]],
    ['neither loaded, both built here (after minikube delete)', [], ['todo/backend:aaa', 'todo/frontend:bbb'], [false, true, false, true]],
    ['an older backend loaded', ['todo/backend:old', 'todo/frontend:bbb'], [], [true, true, false, false]],
  ])('when %s, then [build backend, load backend, build frontend, load frontend] is %j', (_what, loaded, built, expected) => {
    const steps = planImageLoad(refs, new Set<string>(loaded), (ref) => (built as string[]).includes(ref));
    expect(steps.flatMap((s) => [s.build, s.load])).toEqual(expected);
  });
});

describe('dockerBuildArgs', () => {
  it('when every setting is given, then docker build gets them, tagged with the reference, never :latest', () => {
    expect(
      dockerBuildArgs('frontend', 'todo/frontend:abc', {
        platform: 'linux/arm64',
        network: 'host',
        nodeImage: 'node:24-slim',
        noCache: true,
      }),
    ).toEqual([
      'build',
      '--no-cache',
      '--platform',
      'linux/arm64',
      '--network',
      'host',
      '--build-arg',
      'NODE_IMAGE=node:24-slim',
      '-f',
      'apps/frontend/Dockerfile',
      '-t',
      'todo/frontend:abc',
      '.',
    ]);
  });
});

describe('deliverByImageLoad', () => {
  let root: string;
  beforeAll(() => {
    root = writeFixtureRepo('todo-image-load-', {
      'package.json': '{}',
      'apps/backend/Dockerfile': 'FROM node:24\nCOPY package.json ./\nCOPY apps/backend apps/backend\n',
      'apps/backend/src/main.ts': 'backend',
      'apps/frontend/Dockerfile': 'FROM node:24\nCOPY package.json ./\nCOPY apps/frontend apps/frontend\n',
      'apps/frontend/src/page.tsx': 'frontend',
    });
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  /** Records every command; `minikube image ls` lists `loaded`, `docker image inspect` finds `built`. */
  function tools(loaded: string[], built: string[], attachedCodes: Record<string, number> = {}) {
    const calls: string[] = [];
    const run = (command: string, args: string[]): CommandResult => {
      calls.push(`${command} ${args.join(' ')}`);
      if (command === 'minikube') return { status: 0, stdout: loaded.map((r) => `docker.io/${r}\n`).join(''), stderr: '' };
      return { status: built.includes(args.at(-1) as string) ? 0 : 1, stdout: '', stderr: '' };
    };
    const attached = (cli: { bin: string }, args: string[]) => {
      calls.push(`${cli.bin} ${args.join(' ')}`);
      return Promise.resolve(attachedCodes[`${cli.bin} ${args[0] === '-p' ? args[3] : args[0]}`] ?? 0);
    };
    return { calls, context: { root, env: {}, run, attached } };
  }

  it('when the node lacks the backend only, then only the backend is built and loaded', async () => {
    const backend = appImageReference(root, 'backend');
    const frontend = appImageReference(root, 'frontend');
    const { calls, context } = tools([frontend], []);
    await expect(deliverByImageLoad({ profile: 'dev' }, context)).resolves.toBe(0);
    expect(calls).toEqual([
      'minikube -p dev image ls --format short',
      `docker image inspect --format {{.Id}} ${backend}`,
      `docker build -f apps/backend/Dockerfile -t ${backend} .`,
      `minikube -p dev image load ${backend}`,
    ]);
  });

  it('when both images are in the node already, then nothing is built or loaded', async () => {
    const { calls, context } = tools([appImageReference(root, 'backend'), appImageReference(root, 'frontend')], []);
    await expect(deliverByImageLoad({ profile: 'dev' }, context)).resolves.toBe(0);
    expect(calls).toEqual(['minikube -p dev image ls --format short']);
  });

  it('when the build fails, then nothing is loaded and the deploy stops', async () => {
    const { calls, context } = tools([], [], { 'docker build': 1 });
    await expect(deliverByImageLoad({ profile: 'dev' }, context)).resolves.toBe(1);
    expect(calls.filter((c) => c.includes('image load'))).toEqual([]);
  });

  it('when minikube image load fails, then the deploy stops', async () => {
    const { context } = tools([], [appImageReference(root, 'backend'), appImageReference(root, 'frontend')], { 'minikube load': 80 });
    await expect(deliverByImageLoad({ profile: 'dev' }, context)).resolves.toBe(1);
  });

  it('when minikube image ls fails, then the deploy stops before building anything', async () => {
    const calls: string[] = [];
    const run = (command: string, args: string[]): CommandResult => {
      calls.push(`${command} ${args.join(' ')}`);
      return { status: 80, stdout: '', stderr: 'X Exiting due to GUEST_STATUS' };
    };
    await expect(deliverByImageLoad({ profile: 'dev' }, { root, env: {}, run })).resolves.toBe(1);
    expect(calls).toEqual(['minikube -p dev image ls --format short']);
  });
});
