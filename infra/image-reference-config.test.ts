import { imageReferenceProblem, imageReferences, imageReferencesProblems } from './image-reference-config';

const DIGEST = `sha256:${'0f'.repeat(32)}`;
const GRAMMAR =
  'must be an image reference name[:tag][@sha256:<64 hex digits>], such as "registry.example/todo/backend:<tag>@sha256:<digest>"';

describe('imageReferenceProblem', () => {
  it.each([
    'todo/backend:abc123',
    `registry.example/todo/backend:abc123@${DIGEST}`,
    `localhost:5000/todo/backend@${DIGEST}`,
    'ghcr.io/my-org/todo/frontend:1.4.0',
    'backend:v1.2.3-rc.1',
  ])('when the reference is %j, then it is accepted', (ref) => {
    expect(imageReferenceProblem(ref)).toBeUndefined();
  });

  it.each([
    ['upper case in the path', 'Todo/Backend:abc', GRAMMAR],
    ['a space', 'todo/backend :abc', GRAMMAR],
    ['a short digest', 'todo/backend@sha256:abc', GRAMMAR],
    ['a scheme', 'https://ghcr.io/todo/backend:abc', GRAMMAR],
    [
      'the tag latest',
      'todo/backend:latest',
      'must name one fixed image: image reference "todo/backend:latest": `latest` names no fixed image; use an immutable tag or a digest',
    ],
    [
      'neither tag nor digest',
      'todo/backend',
      'must name one fixed image: image reference "todo/backend" has neither a tag nor a digest: add :<tag> or @sha256:<digest>',
    ],
  ])('when the reference has %s, then the problem is %j', (_what, ref, problem) => {
    expect(imageReferenceProblem(ref)).toBe(problem);
  });
});

describe('imageReferencesProblems and imageReferences', () => {
  const name = (key: string) => `todo:${key}`;
  const fix = (key: string) => `pulumi config set ${key} <ref>`;

  it.each([
    [{}, [], undefined],
    [{ backendImage: 'a:1', frontendImage: 'b:1' }, [], { backend: 'a:1', frontend: 'b:1' }],
    [
      { backendImage: 'a:1' },
      [
        'todo:backendImage and todo:frontendImage deploy images built elsewhere and go together, but only backendImage is set; fix: pulumi config set frontendImage <ref> (or pulumi config rm backendImage to build both here)',
      ],
      undefined,
    ],
  ])('when the keys are %j, then the problems are %j and the references %j', (keys, problems, references) => {
    expect(imageReferencesProblems(keys, name, fix)).toEqual(problems);
    expect(imageReferences(keys)).toEqual(references);
  });
});
