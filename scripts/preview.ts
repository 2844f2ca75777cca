/**
 * npm run preview [-- --stack <name>] [--no-policy] [pulumi preview flags...]
 * Same checks as deploy, then `pulumi preview --policy-pack infra/policy`.
 */
import { exitWith } from '../infra/deploy/exit';
import { runPulumi } from '../infra/deploy/run';

void exitWith(runPulumi('preview', process.argv.slice(2)));
