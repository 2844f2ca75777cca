/**
 * The registry settings taken together (`registryServer`, `registryUsername` and the secret
 * `registryPassword`): which combinations are wrong (each with its fix) and the settings the program
 * builds from them. The keys themselves are parsed in `config.ts` with the rest.
 */

/** The platform registry stacks build for unless `imagePlatform` says otherwise. */
export const DEFAULT_REGISTRY_PLATFORM = 'linux/amd64';

/** The parsed keys this module reads. */
export interface RegistryKeys {
  registryServer?: string;
  registryUsername?: string;
}

const REGISTRY_KEYS = ['registryServer', 'registryUsername'] as const;

/** True when any registry key is set: the stack then pushes to (and pulls from) a registry. */
export function registryRequested<P>(c: RegistryKeys, password: P | undefined): boolean {
  return REGISTRY_KEYS.some((key) => c[key] !== undefined) || password !== undefined;
}

/**
 * What is wrong with the registry settings taken together: once one is set, all three are required
 * and the server must read the way an image name starts. `name` gives a key's full name
 * (`todo:registryServer`), `fix` the `pulumi config set` command that fixes it.
 */
export function registryProblems<P>(
  c: RegistryKeys,
  password: P | undefined,
  name: (key: string) => string,
  fix: (key: string, secret?: boolean) => string,
): string[] {
  if (!registryRequested(c, password)) return [];
  const problems = REGISTRY_KEYS.filter((key) => c[key] === undefined).map(
    (key) => `${name(key)} is required when pushing to a registry; fix: ${fix(key)}`,
  );
  const serverProblem = c.registryServer === undefined ? undefined : registryServerProblem(c.registryServer, name);
  if (serverProblem) problems.push(serverProblem);
  if (!password) problems.push(`${name('registryPassword')} is required when pushing to a registry; fix: ${fix('registryPassword', true)}`);
  return problems;
}

/**
 * `registryServer` is the prefix of every image name (`<server>/todo/backend:<tag>`, AppImage), so
 * it must be written the way an image name starts: a host with an optional path, no scheme
 * (`https://` makes the name invalid) and no trailing slash. Returns the problem with the value to
 * set instead, or undefined.
 */
export function registryServerProblem(server: string, name: (key: string) => string): string | undefined {
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(server)?.[0] ?? '';
  if (!scheme && !server.endsWith('/')) return undefined;
  const fixed = server.slice(scheme.length).replace(/\/+$/, '') || 'ghcr.io/my-org';
  return (
    `${name('registryServer')} must be a registry host with an optional path, the way image names start ` +
    `(e.g. ghcr.io/my-org), without a scheme or a trailing slash (got ${JSON.stringify(server)}); ` +
    `fix: pulumi config set registryServer ${fixed}`
  );
}

/** The registry to push to and pull from, once all three settings are there; else undefined. */
export function registrySettings<P>(
  c: RegistryKeys,
  password: P | undefined,
): { server: string; username: string; password: P } | undefined {
  return registryRequested(c, password) && c.registryServer && c.registryUsername && password
    ? { server: c.registryServer, username: c.registryUsername, password }
    : undefined;
}
