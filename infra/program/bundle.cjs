// Bundles the Pulumi program (index.ts and every module of this repository it imports) with esbuild,
// in memory, for infra/program/main.cjs. Packages from node_modules stay external (required at run
// time, as before): @pulumi/pulumi above all must be the one instance the language host's runner
// loaded. Workspace packages (@todo/*, TypeScript sources) are bundled.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { buildSync } = require('esbuild');

/** Every dependency name the root and the workspace packages declare, except the workspace's own. */
function externalPackages(root) {
  const declared = (dir) => {
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
    return Object.keys({ ...pkg.dependencies, ...pkg.devDependencies, ...pkg.peerDependencies });
  };
  const packages = fs.readdirSync(path.join(root, 'packages')).map((name) => path.join(root, 'packages', name));
  return [root, ...packages]
    .filter((dir) => fs.existsSync(path.join(dir, 'package.json')))
    .flatMap(declared)
    .filter((name) => !name.startsWith('@todo/'));
}

/** The bundle's code (CommonJS, inline source map) and esbuild's metafile (which files went in). */
function bundleProgram(root) {
  const result = buildSync({
    entryPoints: [path.join(root, 'index.ts')],
    bundle: true,
    write: false,
    metafile: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: [...new Set([...externalPackages(root), '@pulumi/*'])],
    sourcemap: 'inline',
    logLevel: 'warning',
  });
  return { code: result.outputFiles[0].text, inputs: Object.keys(result.metafile.inputs) };
}

module.exports = { bundleProgram };
