/**
 * npm run deploy [-- --stack <name>] [--no-smoke] [--no-policy] [pulumi up flags...]
 * Checks Minikube, its Docker daemon, the stack, the passphrase and the policy pack, then runs
 * `pulumi up --policy-pack infra/policy` (without the pack, said out loud, with --no-policy) with the
 * CLI from the npm "pulumi" package, then the smoke test of the release (npm run smoke) unless
 * --no-smoke. See docs/deploy.md.
 */
import { exitWith } from '../infra/deploy/exit';
import { runPulumi } from '../infra/deploy/run';

void exitWith(runPulumi('up', process.argv.slice(2)));
