/**
 * npm run smoke [-- --url <frontend URL>] [-- --stack <name>] ...
 * Verifies the running release through its front door; exits non-zero naming the failing step.
 * See docs/deploy.md, "Smoke test", and `npm run smoke -- --help`.
 */
import { smokeMain } from '../infra/smoke/cli';

smokeMain(process.argv.slice(2), process.env).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
