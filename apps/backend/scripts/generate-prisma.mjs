// Generates the Prisma client into src/generated/prisma (gitignored), offline-safe.
//
// `prisma generate` never runs the native schema engine, but the CLI insists on locating one and
// would try to download it; pointing PRISMA_SCHEMA_ENGINE_BINARY at any existing file stops that.
// The schema's hash is recorded beside the output so repeated runs (pretest, pretypecheck) are free.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const backendDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const schemaPath = join(backendDir, 'prisma', 'schema.prisma');
const outputDir = join(backendDir, 'src', 'generated', 'prisma');
const stampPath = join(outputDir, '.schema-hash');

const prismaVersion = createRequire(import.meta.url)('prisma/package.json').version;
const hash = createHash('sha256').update(readFileSync(schemaPath)).update(prismaVersion).digest('hex');
if (existsSync(stampPath) && readFileSync(stampPath, 'utf8') === hash && existsSync(join(outputDir, 'client.ts'))) {
  process.exit(0);
}

const prismaCli = createRequire(import.meta.url).resolve('prisma/build/index.js');
execFileSync(process.execPath, [prismaCli, 'generate', '--schema', schemaPath], {
  cwd: backendDir,
  stdio: 'inherit',
  env: {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath,
    CHECKPOINT_DISABLE: '1',
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
  },
});
writeFileSync(stampPath, hash);
