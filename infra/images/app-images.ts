import * as fs from 'node:fs';
import * as path from 'node:path';
import { contentTag, type BuildInputs } from './build-context';
import { dockerfileSources } from './dockerfile-sources';

/**
 * The two application images as the program names them (`todo/<app>`, built from the repository
 * root with `apps/<app>/Dockerfile`), and the content tag of each computed outside the program: by
 * `npm run deploy` when it builds and loads the images itself (image-load delivery), by the cluster
 * suite and the deploy bench. One function, so the tag the wrapper builds is the tag the program
 * deploys (app-images.test.ts holds them equal).
 */
export const APP_DOCKERFILES = { backend: 'apps/backend/Dockerfile', frontend: 'apps/frontend/Dockerfile' } as const;
export type App = keyof typeof APP_DOCKERFILES;
export const APPS = Object.keys(APP_DOCKERFILES) as App[];

/** The stack keys that change what an image holds, hence its tag (`nodeImage`, `imagePlatform`). */
export interface AppBuildSettings {
  /** `NODE_IMAGE` build arg (stack key `nodeImage`); unset: the Dockerfile's default. */
  nodeImage?: string;
  /** `--platform` (stack key `imagePlatform`); unset: the daemon's own. */
  platform?: string;
}

/** The repository an app's image is tagged in, without registry: `todo/backend`. */
export const appRepository = (app: App): string => `todo/${app}`;

/** What `app`'s image is built from in the checkout at `root`: the sources its Dockerfile copies. */
export function appBuildInputs(root: string, app: App, settings: AppBuildSettings = {}): BuildInputs {
  const dockerfile = APP_DOCKERFILES[app];
  return {
    context: root,
    dockerfile,
    sources: dockerfileSources(fs.readFileSync(path.join(root, dockerfile), 'utf8')),
    buildArgs: settings.nodeImage ? { NODE_IMAGE: settings.nodeImage } : {},
    platform: settings.platform,
  };
}

/** `todo/<app>:<content tag>`: the reference the program deploys for a locally built, loaded image. */
export function appImageReference(root: string, app: App, settings: AppBuildSettings = {}): string {
  return `${appRepository(app)}:${contentTag(appBuildInputs(root, app, settings))}`;
}
