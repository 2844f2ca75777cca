import { parseExports } from './tools';

describe('parseExports', () => {
  it('when a script prints export lines, then every assignment is read, one or several per line', () => {
    const printed =
      '[tools.sh] cached\nexport TODO_PULUMI_BIN=/cache/pulumi\nexport DOCKER=/usr/bin/docker DOCKER_BUILDKIT=1\nnot an export=1\n';
    expect(parseExports(printed)).toEqual({ TODO_PULUMI_BIN: '/cache/pulumi', DOCKER: '/usr/bin/docker', DOCKER_BUILDKIT: '1' });
  });
});
