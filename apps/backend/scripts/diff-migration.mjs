// Writes a new Prisma migration with Prisma's own schema engine compiled to WASM, for machines
// where the Prisma CLI cannot download its native engine. The engine connects to DATABASE_URL
// (any PostgreSQL, e.g. the one of `npm run dev`) but changes nothing in it.
//
//   DATABASE_URL=postgresql://... node --experimental-wasm-modules scripts/diff-migration.mjs <name> [<previous schema.prisma>]
//
// The engine is the backend's pinned dependency, the one the migrator (src/db/migrator.ts) runs.
//
// Without a previous schema the diff starts from an empty database (the first migration). With
// it (e.g. `git show HEAD:apps/backend/prisma/schema.prisma > /tmp/old.prisma`), the migration
// holds the changes from that schema to prisma/schema.prisma. Where the normal CLI works, use
// `npx prisma migrate dev --name <name>` instead.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const [name, previousSchemaPath] = process.argv.slice(2);
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  process.stderr.write('usage: diff-migration.mjs <snake_case_name> [<previous schema.prisma>]\n');
  process.exit(2);
}

const backendDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(backendDir, 'package.json'));
const { SchemaEngine } = await import(require.resolve('@prisma/schema-engine-wasm'));
const { PrismaPg } = require('@prisma/adapter-pg');
const { bindMigrationAwareSqlAdapterFactory } = require('@prisma/driver-adapter-utils');

const schemaPath = join(backendDir, 'prisma', 'schema.prisma');
const schema = readFileSync(schemaPath, 'utf8');
const datamodel = (content) => ({ tag: 'schemaDatamodel', files: [{ path: 'schema.prisma', content }] });
if (!process.env.DATABASE_URL) {
  process.stderr.write('DATABASE_URL is required (the engine connects, even for a schema-to-schema diff)\n');
  process.exit(2);
}
const adapter = bindMigrationAwareSqlAdapterFactory(new PrismaPg({ connectionString: process.env.DATABASE_URL }));
const engine = await SchemaEngine.new({ datamodels: [['schema.prisma', schema]] }, () => undefined, adapter);
const { stdout } = await engine.diff({
  from: previousSchemaPath ? datamodel(readFileSync(previousSchemaPath, 'utf8')) : { tag: 'empty' },
  to: datamodel(schema),
  script: true,
  exitCode: false,
  filters: { externalTables: [], externalEnums: [] },
});
// `migrate dev` does not emit the CREATE SCHEMA of the default schema; the diff from empty does.
const sql = (stdout ?? '').replace(/^-- CreateSchema\nCREATE SCHEMA IF NOT EXISTS "public";\n\n/m, '').replace(/^\n+/, '');
if (!sql.trim() || /This is an empty migration/.test(sql)) {
  process.stdout.write('no schema changes\n');
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
const dir = join(backendDir, 'prisma', 'migrations', `${stamp}_${name}`);
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, 'migration.sql'), sql);
process.stdout.write(`wrote ${dir}/migration.sql\n`);
