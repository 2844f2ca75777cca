import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { canPrune, isIgnored, parseDockerignore, type IgnoreRules } from './dockerignore';

/** What one image is built from. All paths are `/`-separated and relative to `context`. */
export interface BuildInputs {
  /** Absolute path of the Docker build context (the repository root). */
  context: string;
  /** The Dockerfile, relative to the context (`apps/backend/Dockerfile`). */
  dockerfile: string;
  /** Files or folders the image is built from (`apps/backend`, `packages/contracts`, `package-lock.json`). */
  sources: readonly string[];
  /** Build args; they change the image, so they are part of the tag. */
  buildArgs?: Readonly<Record<string, string>>;
  /**
   * Target platform (`linux/amd64`), when set: an arm64 and an amd64 build of the same sources are
   * different images, so they must not share a tag in a registry. Unset (the daemon's own
   * platform) leaves the tag as it was.
   */
  platform?: string;
}

/** Never part of any image and expensive to walk, even when a `.dockerignore` is missing. */
const ALWAYS_SKIPPED = new Set(['.git', 'node_modules']);

/**
 * The ignore file BuildKit applies: `<Dockerfile>.dockerignore` beside the Dockerfile when present,
 * otherwise `.dockerignore` at the context root. Returns its relative path (it is hashed too).
 */
export function dockerignoreFor(context: string, dockerfile: string): { file?: string; rules: IgnoreRules } {
  for (const candidate of [`${dockerfile}.dockerignore`, '.dockerignore']) {
    const full = path.join(context, candidate);
    if (fs.existsSync(full)) return { file: candidate, rules: parseDockerignore(fs.readFileSync(full, 'utf8')) };
  }
  return { rules: parseDockerignore('') };
}

/** Every file of the image's sources that the build context contains, sorted, plus the Dockerfile. */
export function listBuildFiles(inputs: BuildInputs): string[] {
  const { file: ignoreFile, rules } = dockerignoreFor(inputs.context, inputs.dockerfile);
  const found = new Set<string>([inputs.dockerfile]);
  if (ignoreFile) found.add(ignoreFile);

  const visit = (rel: string): void => {
    const full = path.join(inputs.context, rel);
    const stat = fs.lstatSync(full, { throwIfNoEntry: false });
    if (!stat) return;
    if (stat.isDirectory()) {
      if (ALWAYS_SKIPPED.has(path.posix.basename(rel)) || canPrune(rules, rel)) return;
      for (const entry of fs.readdirSync(full).sort()) visit(path.posix.join(rel, entry));
    } else if (!isIgnored(rules, rel)) {
      found.add(rel);
    }
  };
  for (const source of inputs.sources) visit(source.replace(/\/+$/, ''));
  return [...found].sort();
}

/**
 * Every file of the whole context the Dockerfile's ignore file admits: what BuildKit would send
 * (Docker's rules; no `ALWAYS_SKIPPED` shortcut, a folder is skipped only when no rule can bring a
 * file below it back), to compare with `listBuildFiles`.
 */
export function contextFiles(context: string, dockerfile: string): string[] {
  const { rules } = dockerignoreFor(context, dockerfile);
  const found: string[] = [];
  const visit = (rel: string): void => {
    for (const entry of fs.readdirSync(path.join(context, rel), { withFileTypes: true })) {
      const child = rel === '' ? entry.name : `${rel}/${entry.name}`;
      if (entry.isDirectory()) {
        if (!canPrune(rules, child)) visit(child);
      } else if (!isIgnored(rules, child)) {
        found.push(child);
      }
    }
  };
  visit('');
  return found.sort();
}

/**
 * SHA-256 over each file's path, executable bit and content, the Dockerfile path and the build args.
 * Same inputs → same hash on any machine; file order and mtimes do not matter.
 */
export function contentHash(inputs: BuildInputs): string {
  const hash = createHash('sha256');
  hash.update(`dockerfile\0${inputs.dockerfile}\0`);
  if (inputs.platform) hash.update(`platform\0${inputs.platform}\0`);
  for (const [key, value] of Object.entries(inputs.buildArgs ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
    hash.update(`arg\0${key}=${value}\0`);
  }
  for (const rel of listBuildFiles(inputs)) {
    const full = path.join(inputs.context, rel);
    const stat = fs.lstatSync(full, { throwIfNoEntry: false });
    if (!stat) {
      hash.update(`missing\0${rel}\0`);
      continue;
    }
    const body = stat.isSymbolicLink() ? Buffer.from(fs.readlinkSync(full)) : fs.readFileSync(full);
    const mode = stat.mode & 0o111 ? 'x' : '-';
    hash.update(`file\0${rel}\0${mode}\0${body.length}\0`);
    hash.update(body);
  }
  return hash.digest('hex');
}

/** The image tag: the first 12 hex digits of the content hash (never `latest`). */
export function contentTag(inputs: BuildInputs): string {
  return contentHash(inputs).slice(0, 12);
}
