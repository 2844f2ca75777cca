// Runs before the app becomes interactive (Next.js instrumentation-client convention). The pages'
// CSP allows no eval, so zod must skip its eval probe; the subpath import loads zod alone, before
// any schema of the contract is built (a schema built earlier would already have probed).
import { parseWithoutEval } from '@todo/contracts/strict-csp';

parseWithoutEval();
