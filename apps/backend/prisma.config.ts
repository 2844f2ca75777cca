import { defineConfig } from 'prisma/config';

// The CLI (generate, migrate deploy) reads this file. `prisma generate` needs no database, so the
// datasource is only declared when DATABASE_URL is set (the migration Job always sets it).
const url = process.env.DATABASE_URL;

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: {
    path: 'prisma/migrations',
    seed: 'tsx prisma/seed.ts',
  },
  ...(url ? { datasource: { url } } : {}),
});
