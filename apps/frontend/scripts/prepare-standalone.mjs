// Copies what `next build` leaves out of the standalone output (static assets, public files) next to
// its server.js, as Next.js documents, so `node .next/standalone/apps/frontend/server.js` serves them.
// Then puts the frontend's own entry in front of Next's server: the generated server.js becomes
// next-server.js, and src/edge/server.ts is bundled (esbuild) to server.js, which starts the front
// server and loads it (see src/edge/server.ts). The commands stay `node server.js`.
import { buildSync } from 'esbuild';
import { cpSync, existsSync, readFileSync, renameSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const appDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const serverDir = join(appDir, '.next', 'standalone', 'apps', 'frontend');
if (!existsSync(join(serverDir, 'server.js'))) {
  console.error(`prepare-standalone: ${serverDir}/server.js is missing; did next build run with output: 'standalone'?`);
  process.exit(1);
}
cpSync(join(appDir, '.next', 'static'), join(serverDir, '.next', 'static'), { recursive: true });
if (existsSync(join(appDir, 'public'))) cpSync(join(appDir, 'public'), join(serverDir, 'public'), { recursive: true });

const serverEntry = join(serverDir, 'server.js');
// Run twice without a new `next build`, server.js is already ours: keep Next's next-server.js.
if (!readFileSync(serverEntry, 'utf8').includes('Frontend listening on')) renameSync(serverEntry, join(serverDir, 'next-server.js'));
buildSync({
  entryPoints: [join(appDir, 'src', 'edge', 'server.ts')],
  outfile: serverEntry,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  external: ['./next-server.js'],
  logLevel: 'warning',
});
