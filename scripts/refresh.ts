/**
 * npm run refresh [-- --stack <name>] [pulumi refresh flags...]
 * The same checks as deploy (Minikube's Docker variables included: the Docker provider reads them
 * when it starts, for refresh too), then `pulumi refresh` on an existing stack. See docs/deploy.md.
 */
import { exitWith } from '../infra/deploy/exit';
import { runPulumi } from '../infra/deploy/run';

void exitWith(runPulumi('refresh', process.argv.slice(2)));
