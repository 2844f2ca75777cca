/**
 * npm run preview [-- --stack <name>] [pulumi preview flags...]
 * Same checks as deploy, then `pulumi preview --policy-pack infra/policy`.
 */
import { runPulumi } from '../infra/deploy/run';

runPulumi('preview', process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
