import type { CliContext } from './cli';
import { dockerGet, dockerHostOf } from './docker';
import { readStackSettings } from './prerequisites';
import { imageLabel, stateImages, type StateImage } from './state-images';
import type { StackExport } from './stack-state';

/**
 * Before `up` and `preview`: every image the state says was built into a daemon must still be in
 * the daemon the cluster reads it from, or Pulumi must build it again.
 *
 * The docker provider never looks: its Read returns the state it is given and its Delete does
 * nothing (pulumi/pulumi-docker provider/provider.go `Read`, `Delete`). After `minikube delete` or
 * `minikube image rm`, the state still holds `todo/backend:<tag>` with the same inputs, so no diff
 * rebuilds it, and pods that run it with `imagePullPolicy: Never` sit in ErrImageNeverPull. The
 * wrapper asks the daemon the CLI will use (Minikube's, from `minikube docker-env`) for each one
 * and gives Pulumi `--replace <urn>` for each image it lacks: the provider's Create builds it again
 * under the same tag.
 *
 * Pushed images (a `registryServer` stack) are not checked: `minikube delete` does not remove what
 * a registry holds, and asking a registry needs its credentials, which stay encrypted in the stack.
 */

/** What the daemon said about one image. */
export type Presence = { found: true } | { found: false } | { unknown: string };

/**
 * `GET /images/<name>/json` (Docker Engine API, ImageInspect): 200 when the daemon has the image,
 * 404 "No such image" when it does not. Never throws.
 */
export async function imagePresence(env: Record<string, string | undefined>, imageName: string, timeoutMs = 5000): Promise<Presence> {
  try {
    const answer = await dockerGet(env, `/images/${encodeURI(imageName)}/json`, timeoutMs);
    if (answer.status === 200) return { found: true };
    if (answer.status === 404) return { found: false };
    return { unknown: `${dockerHostOf(env)} answered ${answer.status} to /images/${imageName}/json` };
  } catch (error) {
    return { unknown: `cannot reach ${dockerHostOf(env)}: ${(error as Error).message}` };
  }
}

export interface LostImages {
  /** URNs to pass to the CLI as `--replace <urn>`. */
  replace: string[];
  /** What the wrapper says, one line each. */
  lines: string[];
}

/** The daemon the CLI's env names, in the words the lines use. */
function daemonName(env: Record<string, string | undefined>): string {
  return env.MINIKUBE_ACTIVE_DOCKERD ? "Minikube's Docker daemon" : `the Docker daemon at ${dockerHostOf(env)}`;
}

/** How to do by hand what the wrapper could not decide. */
const replaceByHand = (image: StateImage) => `npm run deploy -- --yes --replace '${image.urn}'`;

/** Checks each built image of an exported state against the daemon `env` names. */
export async function findLostImages(exported: string, env: Record<string, string | undefined>): Promise<LostImages | { error: string }> {
  const parsed = stateImages(exported);
  if ('error' in parsed) return parsed;
  const result: LostImages = { replace: [], lines: [] };
  const daemon = daemonName(env);
  const hint = env.MINIKUBE_ACTIVE_DOCKERD ? ' (minikube delete?)' : '';
  const pushed = parsed.images.filter((image) => image.pushedTo !== undefined);
  if (pushed.length > 0) {
    const where = [...new Set(pushed.map((image) => image.pushedTo))].join(', ');
    result.lines.push(
      `Images pushed to ${where} are not checked: a registry keeps them when the cluster goes. If one was deleted there, rebuild it: ${pushed.map(replaceByHand).join('; ')}`,
    );
  }
  for (const image of parsed.images.filter((i) => i.pushedTo === undefined)) {
    const presence = await imagePresence(env, image.imageName);
    const label = `${imageLabel(image)} ${image.imageName}`;
    if ('unknown' in presence) {
      result.lines.push(
        `Could not check ${label} (${presence.unknown}); not rebuilt. If its pods sit in ErrImageNeverPull: ${replaceByHand(image)}`,
      );
    } else if (!presence.found) {
      result.replace.push(image.urn);
      result.lines.push(`${label} is not in ${daemon}${hint}: rebuilding it`);
    }
  }
  return result;
}

/**
 * The wrapper's step: export the stack's state (captured, never shown: it holds the stack's
 * encrypted values), check its images, print what it found, and return the flags for the CLI
 * (`--replace <urn>` per lost image). A failed export does not stop the deploy: `up` runs as it
 * would have without this check, and meets any real state problem itself with its own error.
 */
export async function replaceLostImages(cli: CliContext, exported: StackExport, stack: string, root: string): Promise<string[]> {
  // A stack deploying given references builds nothing: images left in its state from earlier
  // builds are about to be deleted by `up`, not rebuilt.
  if (readStackSettings(root, stack)?.deploysReferences) return [];
  const found = 'stdout' in exported ? await findLostImages(exported.stdout, cli.env) : exported;
  if ('error' in found) {
    console.log(`Could not read the state of stack ${stack} to check its images (${found.error}); going on without that check.\n`);
    return [];
  }
  if (found.lines.length > 0) console.log(`${found.lines.join('\n')}\n`);
  return found.replace.flatMap((urn) => ['--replace', urn]);
}
