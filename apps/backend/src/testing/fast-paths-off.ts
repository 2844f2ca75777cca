/** The `backend-plain` Jest project: every app the tests build runs without the fast paths (http/fast-paths.ts). */
process.env.FAST_PATHS = 'off';
