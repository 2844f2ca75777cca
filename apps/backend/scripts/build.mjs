// Production bundles: apps/backend/dist/main.js (the API, `node dist/main.js`) and dist/migrate.js
// (the migration Job, `node dist/migrate.js`).
// @todo/contracts ships TypeScript source and jose is ESM-only, so both are bundled; every other
// package stays external and comes from the image's production node_modules.
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const backendDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const bundled = new Set(['@todo/contracts', 'jose']);
const packageName = (path) => (path.startsWith('@') ? path.split('/').slice(0, 2).join('/') : path.split('/')[0]);

await build({
  entryPoints: { main: join(backendDir, 'src/main.ts'), migrate: join(backendDir, 'src/migrate.ts') },
  outdir: join(backendDir, 'dist'),
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  legalComments: 'none',
  logLevel: 'info',
  plugins: [
    {
      name: 'externalize-node-modules',
      setup(pluginBuild) {
        pluginBuild.onResolve({ filter: /^[^./]/ }, (args) => {
          if (args.path.startsWith('node:')) return { path: args.path, external: true };
          return bundled.has(packageName(args.path)) ? undefined : { path: args.path, external: true };
        });
      },
    },
  ],
});
