import { appUrlHint } from './app-url';

describe('appUrlHint', () => {
  it('when the stack is not on a Minikube profile that was read, then it names the output command alone', () => {
    expect(appUrlHint('prod', undefined, 'darwin', {})).toBe(
      "The command that prints the app's URL: npx pulumi stack output frontendUrlCommand --stack prod",
    );
  });

  it.each<[NodeJS.Platform, string]>([
    ['linux', 'docker'],
    ['darwin', 'hyperkit'],
    ['darwin', 'vfkit'],
    ['win32', 'hyperv'],
  ])('when on %s with the %s driver, then the command prints the node IP URL', (platform, driver) => {
    expect(appUrlHint('dev', { driver }, platform, {})).toBe(
      `The command that prints the app's URL: npx pulumi stack output frontendUrlCommand --stack dev (on Minikube it prints http://<node IP>:<nodePort>; the ${driver} driver routes to the node)`,
    );
  });

  it.each<[NodeJS.Platform, string]>([
    ['darwin', 'docker'],
    ['darwin', 'podman'],
    ['win32', 'docker'],
  ])('when on %s with the %s driver, then it says the command keeps a tunnel open', (platform, driver) => {
    expect(appUrlHint('dev', { driver }, platform, {})).toBe(
      `The app's URL: run what npx pulumi stack output frontendUrlCommand --stack dev prints, and leave it running. The ${driver} driver on ${platform} gives no route to the node's IP, so minikube service opens a tunnel and prints an http://127.0.0.1:<port> URL that answers while the command runs (Ctrl-C closes it).`,
    );
  });
});
