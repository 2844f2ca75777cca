import { parseImageReference } from './reference';

const DIGEST = `sha256:${'0123456789abcdef'.repeat(4)}`;

describe('parseImageReference', () => {
  it.each([
    ['a tag', 'ghcr.io/acme/todo/backend:1.4.0', '1.4.0'],
    ['a registry port and a tag', 'localhost:5000/todo/backend:3f9a0c1d2e4b', '3f9a0c1d2e4b'],
    ['a tag and a digest (the tag names it)', `ghcr.io/acme/todo/backend:1.4.0@${DIGEST}`, '1.4.0'],
    ['only a digest', `ghcr.io/acme/todo/backend@${DIGEST}`, '0123456789ab'],
    ['a registry port and only a digest', `localhost:5000/todo/backend@${DIGEST}`, '0123456789ab'],
    ['a tag no Kubernetes name can hold, and a digest', `todo/backend:Release_1@${DIGEST}`, '0123456789ab'],
  ])('when the reference has %s, then it deploys as that tag', (_what, ref, tag) => {
    expect(parseImageReference(ref)).toEqual({ ref, tag });
  });

  it.each([
    ['neither a tag nor a digest', 'ghcr.io/acme/todo/backend', /neither a tag nor a digest/],
    ['a registry port but no tag', 'localhost:5000/todo/backend', /neither a tag nor a digest/],
    ['the latest tag', 'todo/backend:latest', /`latest` names no fixed image/],
    ['a digest that is not sha256 hex', 'todo/backend@sha256:xyz', /sha256:<64 lowercase hex digits>/],
    ['only an unusable tag', 'todo/backend:Release_1', /cannot name the migration Job/],
    ['no repository', ':1.0', /names no image repository/],
  ])('when the reference has %s, then it is refused with the reason', (_what, ref, message) => {
    expect(() => parseImageReference(ref)).toThrow(message);
  });
});
