/**
 * npm run destroy [-- --stack <name>] [pulumi destroy flags...]
 * The same checks as deploy (Minikube's Docker variables included: the Docker provider reads them
 * when it starts, for destroy too), then `pulumi destroy` on an existing stack. See docs/deploy.md.
 */
import { exitWith } from '../infra/deploy/exit';
import { runPulumi } from '../infra/deploy/run';

void exitWith(runPulumi('destroy', process.argv.slice(2)));
