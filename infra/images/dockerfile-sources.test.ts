import { dockerfileSources } from './dockerfile-sources';

describe('dockerfileSources', () => {
  it('when a multi-stage Dockerfile copies from the context and from stages, then only context sources are listed', () => {
    const dockerfile = [
      'ARG NODE_IMAGE=node:24-bookworm-slim',
      'FROM ${NODE_IMAGE} AS deps',
      'COPY package.json package-lock.json ./',
      'COPY packages/contracts/package.json packages/contracts/',
      'COPY --chown=1001:1001 apps/backend apps/backend',
      'RUN npm ci',
      'FROM scratch',
      'COPY --from=deps /src/node_modules ./node_modules',
      'COPY apps/backend/package.json \\',
      '     apps/backend/prisma.config.ts ./apps/backend/',
      'ADD https://example.com/file.txt /tmp/file.txt',
      'COPY ["./tsconfig.base.json", "/src/"]',
    ].join('\n');
    expect(dockerfileSources(dockerfile)).toEqual([
      'apps/backend',
      'apps/backend/package.json',
      'apps/backend/prisma.config.ts',
      'package-lock.json',
      'package.json',
      'packages/contracts/package.json',
      'tsconfig.base.json',
    ]);
  });

  it('when a Dockerfile copies the whole context, then the source is "."', () => {
    expect(dockerfileSources('FROM node\nCOPY . .\n')).toEqual(['.']);
  });

  it('when a Dockerfile has no COPY or ADD, then there are no sources', () => {
    expect(dockerfileSources('FROM node\nRUN echo hi\n')).toEqual([]);
  });
});
