// The Pulumi program's entry point (Pulumi.yaml `main`). It bundles index.ts and the repository's
// modules it imports with esbuild (bundle.cjs, about 0.1-0.2 s) and runs the bundle, so the language
// host never hands the program's TypeScript to ts-node: on the real engine that compiling (the
// TypeScript compiler, ts-node, source maps on every captured stack) cost about 2 s of CPU per
// evaluation, and `pulumi up` evaluates the program twice (preview, then update).
// Nothing is written to disk: no stale build can be deployed, and two runs never race on a file.
// No type checking here, as before (PULUMI_NODEJS_TRANSPILE_ONLY): `npm run typecheck` and the tests
// check the types.
'use strict';
const Module = require('node:module');
const path = require('node:path');
const { bundleProgram } = require('./bundle.cjs');

const root = path.resolve(__dirname, '..', '..');
const { code } = bundleProgram(root);

// Compiled as a module whose file is in infra/, beside infra/stack.ts, the one program module that
// reads `__dirname` (its REPO_ROOT, the Docker build context; bundle.test.ts keeps it the only one):
// that stays the repository root, and requires resolve from the root's node_modules.
// `_compile`/`_nodeModulePaths` are what Node's own loader (and ts-node) use for this.
const filename = path.join(root, 'infra', 'program.bundle.js');
const program = new Module(filename, module);
program.filename = filename;
program.paths = Module._nodeModulePaths(path.dirname(filename));
program._compile(code, filename);
module.exports = program.exports;
