// The Pulumi program's entry point (Pulumi.yaml `main`). It bundles index.ts, and every module of
// this repository it imports, with esbuild (about 0.1 s) and runs the bundle, so the language host
// never hands the program's TypeScript to ts-node: on the real engine that transpiling (loading the
// TypeScript compiler, ts-node, source-map-support on every captured stack) cost about 2 s of CPU
// per evaluation, and `pulumi up` evaluates the program twice (preview, then update).
// Nothing is written to disk: no stale build can be deployed, and two runs never race on a file.
// Packages from node_modules stay external (required at run time, as before): @pulumi/pulumi above
// all must be the one instance the language host's runner loaded. Workspace packages (@todo/*,
// TypeScript sources) are bundled. No type checking here either, as before
// (PULUMI_NODEJS_TRANSPILE_ONLY): `npm run typecheck` and the tests check the types.
'use strict';
const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');
const { buildSync } = require('esbuild');

const root = path.resolve(__dirname, '..', '..');
const dependencies = (dir) => {
  const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  return Object.keys({ ...pkg.dependencies, ...pkg.devDependencies, ...pkg.peerDependencies });
};
const workspacePackages = fs.readdirSync(path.join(root, 'packages')).map((name) => path.join(root, 'packages', name));
const external = [root, ...workspacePackages]
  .filter((dir) => fs.existsSync(path.join(dir, 'package.json')))
  .flatMap(dependencies)
  .filter((name) => !name.startsWith('@todo/'));

const { outputFiles } = buildSync({
  entryPoints: [path.join(root, 'index.ts')],
  bundle: true,
  write: false,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: [...new Set([...external, '@pulumi/*'])],
  sourcemap: 'inline',
  logLevel: 'warning',
});

// Compiled as if it were a file in infra/, where infra/stack.ts lives: its `__dirname`-based
// REPO_ROOT stays the repository root, and requires resolve from the root's node_modules.
const filename = path.join(root, 'infra', 'program.bundle.js');
const program = new Module(filename, module);
program.filename = filename;
program.paths = Module._nodeModulePaths(path.dirname(filename));
program._compile(outputFiles[0].text, filename);
module.exports = program.exports;
