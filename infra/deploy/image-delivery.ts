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
 * whether the stack is set up for it (image-load needs the `imageDelivery` key: image-load.ts).
 */

export interface DeliveryDetection {
  check: Check;
  choice: DeliveryChoice;
  /** The stack's profile, when it could be read. */
  profile?: MinikubeProfile;
}

/**
 * A cluster detected as image-load while the stack does not say so: the program must know, since it
 * then deploys the content tags `npm run deploy` loads instead of declaring docker builds.
 */
export function imageLoadNotConfigured(stack: string): string {
  return (
    `npm run deploy builds the images with this machine's Docker and loads them with minikube image load; ` +
    `set this once so the program deploys them: npx pulumi config set imageDelivery image-load --stack ${stack} ` +
    `(or recreate Minikube with the Docker runtime: minikube delete && ${MINIKUBE_START}; not possible with rootless Podman)`
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
  if (choice.delivery === 'image-load' && settings.imageDelivery !== 'image-load') {
    return { check: { name, ok: false, detail: `image-load (${choice.reason}). ${imageLoadNotConfigured(stack)}` }, choice, profile };
  }
  const unread = 'error' in parsed ? ` (${parsed.error})` : '';
  const how = choice.delivery === 'image-load' ? "; built with this machine's Docker, loaded with minikube image load" : '';
  return { check: { name, ok: true, detail: `${choice.delivery}: ${choice.reason}${how}${unread}` }, choice, profile };
}
