import type * as docker from '@pulumi/docker';
import * as path from 'node:path';
import type { AppImageArgs } from './app-image';

/**
 * What an `AppImage` builds and how pods pull it, computed from its args and content tag alone:
 * pure functions, tested here without Pulumi mocks; the component computes the tag (it reads the
 * build context) and declares the build.
 */

/** Where a built image lives and how pods get it. */
export interface BuiltImage {
  /** `repository:tag`, with the registry server in front when pushing. */
  imageRef: string;
  /** `Never` for images built inside the cluster's daemon (nothing to pull); `IfNotPresent` for immutable registry tags. */
  imagePullPolicy: 'Never' | 'IfNotPresent';
}

export function builtImage(args: Pick<AppImageArgs, 'repository' | 'registry'>, tag: string): BuiltImage {
  const repository = args.registry ? `${args.registry.server.replace(/\/+$/, '')}/${args.repository}` : args.repository;
  return { imageRef: `${repository}:${tag}`, imagePullPolicy: args.registry ? 'IfNotPresent' : 'Never' };
}

/** The `docker.Image` build: BuildKit, pushed only to a registry (else kept in the cluster's daemon). */
export function dockerImagePlan(args: AppImageArgs, imageRef: string): docker.ImageArgs {
  const context = args.context ?? '.';
  return {
    imageName: imageRef,
    build: {
      context,
      dockerfile: path.posix.join(context, args.dockerfile),
      args: { ...(args.buildArgs ?? {}) },
      builderVersion: 'BuilderBuildKit',
      platform: args.platform,
      network: args.network,
    },
    skipPush: !args.registry,
    registry: args.registry
      ? { server: args.registry.server, username: args.registry.username, password: args.registry.password }
      : undefined,
  };
}
