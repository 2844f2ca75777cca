import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { loadStackConfig, PROJECT, SECRET_KEYS, type SecretKey } from '../config';
import { createStack, REPO_ROOT } from '../stack';
import { recordProgram, type RenderedResource } from './record';

export type { RenderedResource } from './record';

/** `dev`/`prod` read `Pulumi.<stack>.yaml`; an object is the stack config itself (keys with or without `todo:`). */
export type StackInput = 'dev' | 'prod' | Record<string, unknown>;

export interface RenderOptions {
  /** Stack name for an object config. Default `dev`. */
  stack?: string;
  /** Repository root holding the Dockerfiles. Default: this repository. */
  workDir?: string;
}

/**
 * Secrets each committed stack holds only once deployed (`npm run deploy` generates `jwtSecret` and
 * `postgresPassword`) or once its operator sets them (the header of each `Pulumi.<stack>.yaml` lists
 * the commands). A render stands in a placeholder for each, passed as a secret like the CLI does.
 */
export const STACK_SECRETS: Record<'dev' | 'prod', readonly SecretKey[]> = {
  dev: ['jwtSecret', 'postgresPassword'],
  prod: ['registryPassword', 'databaseUrl', 'jwtSecret', 'groqApiKey'],
};

/** The placeholder a render uses for a secret the stack file cannot hold. */
export function placeholderSecret(key: string): string {
  if (key === 'databaseUrl') return 'postgresql://todo:placeholder@db.example.com:5432/todo';
  if (key === 'jwtSecret') return 'placeholder-jwt-secret-of-at-least-32-characters';
  if (key === 'postgresPassword') return 'placeholder-postgres-password';
  return `placeholder-secret-for-${key}`;
}

/**
 * The config a stack file gives the program. `secure:` values cannot be decrypted without the
 * Pulumi CLI, so each becomes a recognisable placeholder (still passed as a secret).
 */
export function stackFileConfig(stack: string, root: string = REPO_ROOT): Record<string, unknown> {
  const file = path.join(root, `Pulumi.${stack}.yaml`);
  const doc = (parse(fs.readFileSync(file, 'utf8')) ?? {}) as { config?: Record<string, unknown> };
  const config: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(doc.config ?? {})) {
    const isSecure = typeof value === 'object' && value !== null && 'secure' in value;
    config[key] = isSecure ? placeholderSecret(key.replace(/^[^:]+:/, '')) : value;
  }
  for (const key of STACK_SECRETS[stack as 'dev' | 'prod'] ?? []) {
    config[`${PROJECT}:${key}`] ??= placeholderSecret(key);
  }
  return config;
}

function toPulumiConfig(input: Record<string, unknown>): { config: Record<string, string>; secretKeys: string[] } {
  const config: Record<string, string> = {};
  const secretKeys: string[] = [];
  for (const [key, value] of Object.entries(input)) {
    if (value === undefined) continue;
    const fullKey = key.includes(':') ? key : `${PROJECT}:${key}`;
    config[fullKey] = typeof value === 'string' ? value : JSON.stringify(value);
    const bare = fullKey.slice(fullKey.indexOf(':') + 1);
    if ((SECRET_KEYS as readonly string[]).includes(bare)) secretKeys.push(fullKey);
  }
  return { config, secretKeys };
}

/** Everything one mocked run produced: the resources, the stack outputs and how long it took. */
export interface RenderResult {
  resources: RenderedResource[];
  outputs: Record<string, unknown>;
  durationMs: number;
}

/**
 * Runs the whole program (`createStack(loadStackConfig())`, what `index.ts` runs) under mocks and
 * returns every resource it declares and its stack outputs, resolved.
 */
export async function renderProgram(stack: StackInput, options: RenderOptions = {}): Promise<RenderResult> {
  const started = performance.now();
  const stackName = typeof stack === 'string' ? stack : (options.stack ?? 'dev');
  const { config, secretKeys } = toPulumiConfig(typeof stack === 'string' ? stackFileConfig(stack) : stack);
  const { resources, outputs } = await recordProgram(PROJECT, stackName, { values: config, secretKeys }, () =>
    createStack(loadStackConfig(), options.workDir ?? REPO_ROOT),
  );
  return { resources, outputs: outputs, durationMs: performance.now() - started };
}

/**
 * Every resource the program registers for a stack under `setMocks` (`{ type, name, inputs }`,
 * secrets unwrapped but listed in `secretPaths`), in registration order.
 */
export async function renderStack(stack: StackInput, options: RenderOptions = {}): Promise<RenderedResource[]> {
  return (await renderProgram(stack, options)).resources;
}

/** The Kubernetes objects among the rendered resources (what `kubectl` would see), in order. */
export function kubernetesObjects(rendered: readonly RenderedResource[]): Record<string, unknown>[] {
  return rendered.filter((r) => r.type.startsWith('kubernetes:') && r.type !== 'pulumi:providers:kubernetes').map((r) => r.inputs);
}
