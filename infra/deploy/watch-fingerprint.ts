import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { contentTag } from '../images/build-context';
import { APP_DOCKERFILES, APPS, appBuildInputs, type App, type AppBuildSettings } from '../images/app-images';
import { readStackSettings } from './prerequisites';

/**
 * What a deploy of `npm run deploy -- --watch` depends on, hashed, so that a save which changes none
 * of it (a doc, a test, a file the `.dockerignore` keeps out of the images) deploys nothing.
 */

/** Folders never part of an image nor of the program, and expensive or noisy to walk and watch. */
export const SKIPPED_DIRS: ReadonlySet<string> = new Set(['node_modules', '.next', 'dist', '.git', 'artifacts']);

/** One fingerprint of the tree: per image, and the program with its stack config. */
export interface DeployFingerprint {
  images: Record<App, string>;
  program: string;
}

/**
 * The app's Dockerfile and the context sources it copies, as the program finds them
 * (app-images.ts). A Dockerfile missing mid-edit gives no sources.
 */
function imageInputs(root: string, app: App): { dockerfile: string; sources: readonly string[] } {
  const dockerfile = APP_DOCKERFILES[app];
  return fs.existsSync(path.join(root, dockerfile)) ? appBuildInputs(root, app) : { dockerfile, sources: [] };
}

/**
 * The image's content tag, as the program computes it with the stack's `nodeImage` and
 * `imagePlatform` (app-images.ts): a new value means a new image to build. A Dockerfile missing
 * mid-edit is a fingerprint of its own, so the deploy runs and reports Docker's error.
 */
export function imageFingerprint(root: string, app: App, settings: AppBuildSettings = {}): string {
  if (!fs.existsSync(path.join(root, APP_DOCKERFILES[app]))) return `no ${APP_DOCKERFILES[app]}`;
  return contentTag(appBuildInputs(root, app, settings));
}

/** The program's inputs besides the `infra/` sources: entry point, project file, the stack's file. */
function programFiles(stack: string): string[] {
  return ['index.ts', 'Pulumi.yaml', `Pulumi.${stack}.yaml`];
}

/** `infra/**\/*.ts` the program loads: not the tests, nor the helpers only tests use. */
function isProgramSource(rel: string): boolean {
  return rel.endsWith('.ts') && !rel.endsWith('.test.ts') && !rel.startsWith('infra/testing/');
}

/** Every file below `dir` (relative, `/`-separated, sorted), skipping `SKIPPED_DIRS`. */
export function filesUnder(root: string, dir: string): string[] {
  const found: string[] = [];
  const visit = (rel: string): void => {
    const entries = fs.readdirSync(path.join(root, rel), { withFileTypes: true, encoding: 'utf8' });
    for (const entry of entries) {
      const child = `${rel}/${entry.name}`;
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name)) visit(child);
      } else {
        found.push(child);
      }
    }
  };
  if (fs.existsSync(path.join(root, dir))) visit(dir);
  return found.sort();
}

/**
 * SHA-256 over the path and content of each program input (a missing one hashed as missing, so
 * creating `Pulumi.<stack>.yaml` counts as a change).
 */
export function programFingerprint(root: string, stack: string): string {
  const hash = createHash('sha256');
  for (const rel of [...programFiles(stack), ...filesUnder(root, 'infra').filter(isProgramSource)]) {
    const full = path.join(root, rel);
    if (fs.existsSync(full)) {
      const body = fs.readFileSync(full);
      hash.update(`file\0${rel}\0${body.length}\0`);
      hash.update(body);
    } else {
      hash.update(`missing\0${rel}\0`);
    }
  }
  return hash.digest('hex').slice(0, 12);
}

/** The fingerprint of everything a deploy of `stack` from `root` is made of. */
export function deployFingerprint(root: string, stack: string): DeployFingerprint {
  const stackSettings = readStackSettings(root, stack);
  const settings = { nodeImage: stackSettings?.nodeImage, platform: stackSettings?.platform };
  return {
    images: { backend: imageFingerprint(root, 'backend', settings), frontend: imageFingerprint(root, 'frontend', settings) },
    program: programFingerprint(root, stack),
  };
}

/** The images whose fingerprint differs between two fingerprints. */
export function changedImages(before: DeployFingerprint, after: DeployFingerprint): App[] {
  return APPS.filter((app) => before.images[app] !== after.images[app]);
}

/** Whether anything a deploy depends on differs. */
export function sameFingerprint(a: DeployFingerprint, b: DeployFingerprint): boolean {
  return a.program === b.program && changedImages(a, b).length === 0;
}

/**
 * The top-level entries of the repository to watch: the first segment of every image source
 * (`apps`, `packages`, `scripts`, `tsconfig.base.json`, `package.json`, ...), the ignore file, the
 * program's folder and files. Read once at start: a Dockerfile that starts copying from a new
 * top-level folder needs a restart of the watcher (the fingerprint itself always reads it afresh).
 */
export function watchedEntries(root: string, stack: string): string[] {
  const entries = new Set<string>(['apps', 'infra', '.dockerignore', ...programFiles(stack)]);
  for (const app of APPS) {
    const { dockerfile, sources } = imageInputs(root, app);
    for (const source of [dockerfile, ...sources]) {
      const top = source.split('/')[0] as string;
      // `COPY . .`: the whole context is a source, so every top-level entry is.
      const tops = top === '.' ? fs.readdirSync(root).filter((name) => !SKIPPED_DIRS.has(name)) : [top];
      for (const name of tops) entries.add(name);
    }
  }
  return [...entries].sort();
}
