import { z } from 'zod';

/**
 * For browsers under a Content-Security-Policy without 'unsafe-eval' (the frontend's): zod probes
 * `new Function("")` when it builds an object schema (`$ZodObjectJIT`), and browsers report that as
 * a CSP violation even though zod catches the refusal. `jitless` skips the probe
 * (node_modules/zod/v4/core/util.js `allowsEval`). Call it before any schema is built, so import
 * this module by its own subpath (`@todo/contracts/strict-csp`), never through the index, which
 * builds every schema. The backend, where eval is allowed, keeps the fast path.
 */
export function parseWithoutEval(): void {
  z.config({ jitless: true });
}
