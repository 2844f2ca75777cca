/**
 * npm run deploy [-- --stack <name>] [pulumi up flags...]
 * Checks Minikube, its Docker daemon, the stack and the passphrase, then runs `pulumi up` with the
 * CLI from the npm "pulumi" package. See README, section "Deploy".
 */
import { runPulumi } from '../infra/deploy/run';

runPulumi('up', process.argv.slice(2)).then((code) => process.exit(code));
