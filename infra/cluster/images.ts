import * as fs from 'node:fs';
import * as path from 'node:path';
import { contentTag } from '../images/build-context';
import { dockerfileSources } from '../images/dockerfile-sources';
import { execOk } from './exec';

/** The two application images, by the names AppImage gives them (`todo/<app>`). */
export const APPS = { backend: 'apps/backend/Dockerfile', frontend: 'apps/frontend/Dockerfile' } as const;
export type App = keyof typeof APPS;

/**
 * The reference AppImage would build for `app` from the checkout in `dir` (same content tag function,
 * same sources read from the Dockerfile, no build args, the daemon's platform).
 */
export function imageReference(dir: string, app: App): string {
  const dockerfile = APPS[app];
  const sources = dockerfileSources(fs.readFileSync(path.join(dir, dockerfile), 'utf8'));
  return `todo/${app}:${contentTag({ context: dir, dockerfile, sources })}`;
}

/**
 * Builds one image with the real Docker engine from the checkout, the way the program's docker
 * provider would (BuildKit, the repository root as context, the same Dockerfile), on the host
 * network (CI's engine has no bridge). Skipped when the engine already has that exact tag: the tag
 * is the content hash of everything the image is built from (unless `noCache` asks for a cold build).
 */
export async function buildImage(
  dir: string,
  app: App,
  log: string,
  docker = process.env.DOCKER ?? 'docker',
  options: { noCache?: boolean } = {},
): Promise<string> {
  const reference = imageReference(dir, app);
  if (!options.noCache) {
    const present = await execOk(docker, ['image', 'ls', '-q', reference], { log });
    if (present.trim() !== '') return reference;
  }
  // --no-cache: every layer built again (npm bench:deploy's cold deploy); base images stay local.
  const cache = options.noCache ? ['--no-cache'] : [];
  await execOk(docker, ['build', '--network=host', ...cache, '-f', APPS[app], '-t', reference, '.'], {
    cwd: dir,
    env: { ...process.env, DOCKER_BUILDKIT: '1' },
    log,
  });
  return reference;
}

/**
 * A migration that cannot apply (a statement PostgreSQL refuses), as a developer would commit by
 * mistake: the file the failed-migration step adds to the backend and removes again.
 */
export const FAILING_MIGRATION = {
  dir: 'apps/backend/prisma/migrations/29991231000000_cluster_suite_fails',
  sql: '-- Added by the cluster suite: PostgreSQL refuses this, so the migration Job fails.\nALTER TABLE "no_such_table" ADD COLUMN "x" INTEGER;\n',
};
