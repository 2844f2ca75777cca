import { needsPortForward, type MinikubeProfile } from './minikube-profile';

/**
 * What `npm run deploy` prints after a successful `up` about the app's URL. The stack's
 * `frontendUrlCommand` (`minikube service frontend -n <ns> --url` on Minikube's NodePort) is right
 * on every driver, but it behaves differently: where the node's IP is routable it prints
 * `http://<node IP>:<nodePort>` and exits; with the docker or podman driver on macOS, Windows or WSL
 * (minikube's `driver.NeedsPortForward`) it opens an ssh tunnel, prints a `http://127.0.0.1:<port>`
 * URL and keeps running until Ctrl-C (kubernetes/minikube cmd/minikube/cmd/service.go
 * `startKicServiceTunnel`). Say which, so nobody closes the tunnel and wonders why the URL died.
 */
export function appUrlHint(
  stack: string,
  profile: Pick<MinikubeProfile, 'driver'> | undefined,
  platform: NodeJS.Platform,
  env: NodeJS.ProcessEnv,
): string {
  const command = `npx pulumi stack output frontendUrlCommand --stack ${stack}`;
  if (!profile) return `The command that prints the app's URL: ${command}`;
  if (!needsPortForward(profile.driver, platform, env)) {
    return `The command that prints the app's URL: ${command} (on Minikube it prints http://<node IP>:<nodePort>; the ${profile.driver} driver routes to the node)`;
  }
  return (
    `The app's URL: run what ${command} prints, and leave it running. ` +
    `The ${profile.driver} driver on ${platform} gives no route to the node's IP, so minikube service opens a tunnel ` +
    'and prints an http://127.0.0.1:<port> URL that answers while the command runs (Ctrl-C closes it).'
  );
}
