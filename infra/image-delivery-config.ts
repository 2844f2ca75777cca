/**
 * `imageDelivery`: how the images reach the cluster, when the stack says so instead of letting
 * `npm run deploy` detect it from the Minikube profile (infra/deploy/minikube-profile.ts
 * `chooseImageDelivery`). The key is parsed in `config.ts` with the rest; this module says which
 * combinations with the other image keys are wrong, each with its fix.
 */

/**
 * - `docker-env`: built in the Minikube node's own Docker daemon (the docker runtime), never pushed.
 * - `image-load`: built on this machine and loaded into the node's runtime (containerd, cri-o).
 * - `registry`: pushed to `registryServer` and pulled from there.
 */
export const IMAGE_DELIVERIES = ['docker-env', 'image-load', 'registry'] as const;
export type ImageDelivery = (typeof IMAGE_DELIVERIES)[number];

export interface ImageDeliveryKeys {
  imageDelivery?: ImageDelivery;
  registryServer?: string;
  backendImage?: string;
  frontendImage?: string;
}

export function imageDeliveryProblems(c: ImageDeliveryKeys, name: (key: string) => string): string[] {
  const key = name('imageDelivery');
  if (c.imageDelivery === undefined) return [];
  if (c.backendImage !== undefined && c.frontendImage !== undefined) {
    return [
      `${key} is unused: backendImage and frontendImage are deployed as they are, nothing is built; fix: pulumi config rm imageDelivery`,
    ];
  }
  if (c.imageDelivery === 'registry' && c.registryServer === undefined) {
    return [
      `${key} is registry but no registryServer is set; fix: pulumi config set registryServer ghcr.io/my-org (with registryUsername and registryPassword), or pulumi config rm imageDelivery`,
    ];
  }
  if (c.imageDelivery !== 'registry' && c.registryServer !== undefined) {
    return [
      `${key} is ${c.imageDelivery} but registryServer ${c.registryServer} makes the images go through that registry; fix: pulumi config rm imageDelivery (or pulumi config rm registryServer)`,
    ];
  }
  return [];
}
