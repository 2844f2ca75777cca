import { registryProblems, registryRequested, registryServerProblem, registrySettings } from './registry-config';

const name = (key: string) => `todo:${key}`;
const fix = (key: string, secret = false) => (secret ? `set-secret ${key}` : `set ${key}`);

describe('registryRequested', () => {
  it.each([
    [{}, undefined, false],
    [{ registryServer: 'ghcr.io/x' }, undefined, true],
    [{ registryUsername: 'u' }, undefined, true],
    [{}, 'pw', true],
  ])('when the keys are %j and the password %s, then a registry is requested: %s', (keys, password, expected) => {
    expect(registryRequested(keys, password)).toBe(expected);
  });
});

describe('registryProblems', () => {
  it('when nothing is set, then there is no problem', () => {
    expect(registryProblems({}, undefined, name, fix)).toEqual([]);
  });

  it('when only the server is set, then the username and the password are required, in that order', () => {
    expect(registryProblems({ registryServer: 'ghcr.io/x' }, undefined, name, fix)).toEqual([
      'todo:registryUsername is required when pushing to a registry; fix: set registryUsername',
      'todo:registryPassword is required when pushing to a registry; fix: set-secret registryPassword',
    ]);
  });

  it('when all three are set and the server is well written, then there is no problem', () => {
    expect(registryProblems({ registryServer: 'ghcr.io/x', registryUsername: 'u' }, 'pw', name, fix)).toEqual([]);
  });
});

describe('registryServerProblem', () => {
  it.each([
    ['ghcr.io/my-org', undefined],
    ['https://ghcr.io/x/', 'ghcr.io/x'],
    ['ghcr.io/x//', 'ghcr.io/x'],
    ['https://', 'ghcr.io/my-org'],
  ])('when the server is %s, then the fix sets %s', (server, fixed) => {
    const problem = registryServerProblem(server, name);
    expect(problem === undefined ? undefined : problem.slice(problem.lastIndexOf(' ') + 1)).toBe(fixed);
  });
});

describe('registrySettings', () => {
  it.each([
    [{ registryServer: 'ghcr.io/x', registryUsername: 'u' }, 'pw', { server: 'ghcr.io/x', username: 'u', password: 'pw' }],
    [{ registryServer: 'ghcr.io/x' }, 'pw', undefined],
    [{ registryServer: 'ghcr.io/x', registryUsername: 'u' }, undefined, undefined],
    [{}, undefined, undefined],
  ])('when the keys are %j and the password %s, then the registry is %j', (keys, password, expected) => {
    expect(registrySettings(keys, password)).toEqual(expected);
  });
});
