import { appImageReference, type App } from '../images/app-images';
import { dockerBuildArgs } from '../deploy/image-load';
import { execOk } from './exec';

export type { App } from '../images/app-images';

/**
 * The reference AppImage would build for `app` from the checkout in `dir` (app-images.ts: the same
 * content tag function and sources as the program, no build args, the daemon's platform).
 */
export const imageReference = (dir: string, app: App): string => appImageReference(dir, app);

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
  // noCache: every layer built again (npm bench:deploy's cold deploy); base images stay local.
  await execOk(docker, dockerBuildArgs(app, reference, { network: 'host', noCache: options.noCache }), {
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
