import type { Check } from './checks';
import { MINIKUBE_START, type Runner } from './minikube';
import {
  chooseImageDelivery,
  parseProfileList,
  selectProfile,
  type DeliveryChoice,
  type ImageDelivery,
  type MinikubeProfile,
} from './minikube-profile';

/**
 * The deploy wrapper's "image delivery" check for a Minikube stack: reads the cluster's profile
 * (`minikube profile list -o json`), picks how the images reach it (minikube-profile.ts) and says
 * whether `npm run deploy` can do that today.
 */

export interface DeliveryDetection {
  check: Check;
  choice: DeliveryChoice;
  /** The stack's profile, when it could be read. */
  profile?: MinikubeProfile;
}

/** The ways that work today on a cluster without a Docker daemon; `minikube image load` into the wrapper comes later. */
export function imageLoadNotDone(stack: string): string {
  return (
    `npm run deploy cannot load images into this cluster yet. Either recreate it with the Docker runtime ` +
    `(minikube delete && ${MINIKUBE_START}; not possible with rootless Podman), or push to a registry ` +
    `(npx pulumi config set registryServer <host/path> --stack ${stack}, with registryUsername and the secret registryPassword), ` +
    `or build and load the images yourself (minikube image build -t todo/backend:<tag> -f apps/backend/Dockerfile . and the same ` +
    `for apps/frontend, or docker build + minikube image load todo/backend:<tag>) and deploy them by reference: ` +
    `npx pulumi config set backendImage todo/backend:<tag> --stack ${stack} (and frontendImage); never :latest`
  );
}

export function detectImageDelivery(
  run: Runner,
  settings: { kubeContext: string; registryServer?: string; imageDelivery?: ImageDelivery },
  env: NodeJS.ProcessEnv,
  stack: string,
): DeliveryDetection {
  const name = 'image delivery';
  const listed = run('minikube', ['profile', 'list', '-o', 'json']);
  const parsed = listed.error ? { error: listed.error.message } : parseProfileList(listed.stdout);
  let profile: MinikubeProfile | undefined;
  if ('profiles' in parsed) {
    const selected = selectProfile(parsed.profiles, settings.kubeContext, env);
    if ('problem' in selected) {
      const choice = chooseImageDelivery({ override: settings.imageDelivery, registryServer: settings.registryServer });
      return { check: { name, ok: false, detail: selected.problem }, choice };
    }
    profile = selected.profile;
  }
  const choice = chooseImageDelivery({ override: settings.imageDelivery, registryServer: settings.registryServer, profile });
  if (choice.conflict) {
    return {
      check: {
        name,
        ok: false,
        detail: `${choice.conflict}: npx pulumi config rm imageDelivery --stack ${stack} (detects it), or recreate Minikube with ${MINIKUBE_START}`,
      },
      choice,
      profile,
    };
  }
  if (choice.delivery === 'registry' && !settings.registryServer) {
    return {
      check: {
        name,
        ok: false,
        detail: `imageDelivery is registry but the stack has no registryServer: npx pulumi config set registryServer <host/path> --stack ${stack} (with registryUsername and the secret registryPassword), or npx pulumi config rm imageDelivery --stack ${stack}`,
      },
      choice,
      profile,
    };
  }
  if (choice.delivery === 'image-load') {
    return { check: { name, ok: false, detail: `image-load (${choice.reason}). ${imageLoadNotDone(stack)}` }, choice, profile };
  }
  const unread = 'error' in parsed ? ` (${parsed.error})` : '';
  return { check: { name, ok: true, detail: `${choice.delivery}: ${choice.reason}${unread}` }, choice, profile };
}
