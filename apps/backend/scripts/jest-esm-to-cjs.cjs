// Jest transformer for ESM-only dependencies (jose 6). Jest 30 on Node 20 cannot require() ES
// modules, so these files are compiled to CommonJS with esbuild, which is already a dependency.
const { transformSync } = require('esbuild');

module.exports = {
  process(sourceText, sourcePath) {
    const { code, map } = transformSync(sourceText, {
      loader: 'js',
      format: 'cjs',
      target: 'node20',
      sourcemap: 'external',
      sourcefile: sourcePath,
    });
    return { code, map };
  },
};
