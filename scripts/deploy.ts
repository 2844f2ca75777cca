/**
 * npm run deploy [-- --stack <name>] [--no-smoke] [pulumi up flags...]
 * Checks Minikube, its Docker daemon, the stack and the passphrase, then runs `pulumi up` with the
 * CLI from the npm "pulumi" package, then the smoke test of the release (npm run smoke) unless
 * --no-smoke. See docs/deploy.md.
 */
import { exitWith } from '../infra/deploy/exit';
import { runPulumi } from '../infra/deploy/run';

void exitWith(runPulumi('up', process.argv.slice(2)));
