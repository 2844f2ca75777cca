import { parseWrapperArgs } from './args';
import { REPO_ROOT, runPulumi } from './run';
import { DeployWatcher, formatReport, watchDeployArgs } from './watch';
import { watchTree } from './watch-files';
import { deployFingerprint, SKIPPED_DIRS, watchedEntries } from './watch-fingerprint';

/** What `watchMain` runs against; every field defaults to the real thing. */
export interface WatchMainOptions {
  env?: NodeJS.ProcessEnv;
  root?: string;
  /** One deploy with the watch's arguments; default `runPulumi('up', args)` (a fake for a try without a cluster). */
  deployOnce?: (args: string[]) => Promise<number>;
}

/**
 * The body of `npm run deploy -- --watch` (scripts/deploy.ts): `runPulumi('up')` once, then on each
 * save of an image's sources or of the program, until Ctrl-C or SIGTERM.
 *
 * Signals: Ctrl-C reaches the whole foreground process group. While idle, the watch stops and this
 * resolves 0. During a deploy, the Pulumi CLI got the signal too and cancels itself, while the
 * wrapper waits for it (cli.ts `runCli`); the watch stops watching at once, reports the deploy's
 * result when it ends, and resolves 130. Nothing is forwarded, and a second Ctrl-C is only
 * acknowledged: the CLI, which got it too, then stops at once (pending.ts says what that leaves).
 */
export async function watchMain(argv: readonly string[], options: WatchMainOptions = {}): Promise<number> {
  const env = options.env ?? process.env;
  const root = options.root ?? REPO_ROOT;
  const { stack } = parseWrapperArgs(argv, env);
  const deployArgs = watchDeployArgs(argv);
  const deployOnce = options.deployOnce ?? ((args: string[]) => runPulumi('up', args, { root, env }));
  const dim = Boolean(process.stdout.isTTY);
  const watcher = new DeployWatcher({
    deployOnce: () => deployOnce(deployArgs),
    fingerprint: () => deployFingerprint(root, stack),
    subscribe: (onChange) => {
      const watch = watchTree({ root, entries: watchedEntries(root, stack), skip: SKIPPED_DIRS, onChange });
      console.log(
        `[watch] stack ${stack}: deploying on each save under ${watch.directories} folders of ${root} ` +
          `(each deploy runs with --yes, no prompt, and --no-smoke, no smoke test); Ctrl-C stops.`,
      );
      return watch;
    },
    report: (report) => console.log(formatReport(report, { dim })),
  });
  const onSignal = (signal: NodeJS.Signals): void => {
    if (watcher.deploying) console.log(`\n[watch] ${signal}: stopping once the running deploy ends (the Pulumi CLI cancels it).`);
    void watcher.stop();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    watcher.start();
    return await watcher.finished;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
