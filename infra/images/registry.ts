/**
 * Registry naming for the pull secret. `registryServer` is where images are pushed, with an
 * optional namespace (`ghcr.io/my-org`); the kubelet matches credentials by registry host, so the
 * `.dockerconfigjson` key is the host alone. Docker Hub's images are keyed by its legacy v1 URL, as
 * `docker login` writes it.
 */
export const DOCKER_HUB_AUTH_KEY = 'https://index.docker.io/v1/';

/** `ghcr.io/my-org` → `ghcr.io`; `my-org` or `docker.io/my-org` → Docker Hub's key. */
export function registryAuthKey(server: string): string {
  const first = server.replace(/^https?:\/\//, '').split('/')[0] ?? '';
  // Docker's own rule (reference.ParseNormalizedNamed): a first segment without a dot or a port,
  // other than localhost, is a Docker Hub namespace rather than a host.
  const isHost = first.includes('.') || first.includes(':') || first === 'localhost';
  if (!isHost || first === 'docker.io' || first === 'index.docker.io' || first === 'registry-1.docker.io') return DOCKER_HUB_AUTH_KEY;
  return first;
}

/** The body of a `kubernetes.io/dockerconfigjson` Secret (`.dockerconfigjson`) for one registry. */
export function dockerConfigJson(server: string, username: string, password: string): string {
  const auth = Buffer.from(`${username}:${password}`).toString('base64');
  return JSON.stringify({ auths: { [registryAuthKey(server)]: { username, password, auth } } });
}
