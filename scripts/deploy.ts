/**
 * npm run deploy [-- --stack <name>] [--no-smoke] [pulumi up flags...]
 * Checks Minikube, its Docker daemon, the stack and the passphrase, then runs `pulumi up` with the
 * CLI from the npm "pulumi" package, then the smoke test of the release (npm run smoke) unless
 * --no-smoke. See README, sections "Deploy" and "Smoke test".
 */
import { runPulumi } from '../infra/deploy/run';

runPulumi('up', process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
