/**
 * npm run destroy [-- --stack <name>] [pulumi destroy flags...]
 * The same checks as deploy (Minikube's Docker variables included: the Docker provider reads them
 * when it starts, for destroy too), then `pulumi destroy` on an existing stack. See README, "Deploy".
 */
import { runPulumi } from '../infra/deploy/run';

runPulumi('destroy', process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
