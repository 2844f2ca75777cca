/**
 * npm run deploy [-- --stack <name>] [--no-smoke] [--no-policy] [--watch] [pulumi up flags...]
 * Checks Minikube, its Docker daemon, the stack, the passphrase and the policy pack, then runs
 * `pulumi up --policy-pack infra/policy` (without the pack, said out loud, with --no-policy) with the
 * CLI from the npm "pulumi" package, then the smoke test of the release (npm run smoke) unless
 * --no-smoke. With --watch, deploys once and then again on each save of the images' sources or the
 * program (infra/deploy/watch-main.ts), with --yes and --no-smoke, until Ctrl-C. See docs/deploy.md.
 */
import { parseWrapperArgs } from '../infra/deploy/args';
import { exitWith } from '../infra/deploy/exit';
import { runPulumi } from '../infra/deploy/run';
import { watchMain } from '../infra/deploy/watch-main';

const argv = process.argv.slice(2);
void exitWith(parseWrapperArgs(argv, process.env).watch ? watchMain(argv) : runPulumi('up', argv));
