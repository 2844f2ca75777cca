import { dockerConfigJson, registryAuthKey } from './registry';

describe('registryAuthKey', () => {
  it.each([
    ['ghcr.io/example-org', 'ghcr.io'],
    ['ghcr.io', 'ghcr.io'],
    ['https://registry.example.com:5000/team/', 'registry.example.com:5000'],
    ['localhost:5000/todo', 'localhost:5000'],
    ['123456789012.dkr.ecr.eu-west-1.amazonaws.com', '123456789012.dkr.ecr.eu-west-1.amazonaws.com'],
    ['example-org', 'https://index.docker.io/v1/'],
    ['docker.io/example-org', 'https://index.docker.io/v1/'],
  ])('when the server is %s, then the credentials are keyed by %s', (server, key) => {
    expect(registryAuthKey(server)).toBe(key);
  });
});

describe('dockerConfigJson', () => {
  it('when built, then it holds the user, the password and their base64 auth under the registry host', () => {
    expect(JSON.parse(dockerConfigJson('ghcr.io/example-org', 'bot', 'p@ss'))).toEqual({
      auths: { 'ghcr.io': { username: 'bot', password: 'p@ss', auth: Buffer.from('bot:p@ss').toString('base64') } },
    });
  });
});
