// Copies what `next build` leaves out of the standalone output (static assets, public files) next to
// its server.js, as Next.js documents, so `node .next/standalone/apps/frontend/server.js` serves them.
import { cpSync, existsSync } from 'node:fs';
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
