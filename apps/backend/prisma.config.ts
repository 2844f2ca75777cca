import { defineConfig } from 'prisma/config';

// The Prisma CLI (a devDependency: `prisma generate`, and `prisma migrate deploy|resolve|status`
// from a machine where its native engine installs) reads this file; the image does not carry it
// (the migration Job runs `node dist/migrate.js`). `prisma generate` needs no database, so the
// datasource is only declared when DATABASE_URL is set.
const url = process.env.DATABASE_URL;

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: {
    path: 'prisma/migrations',
    seed: 'tsx prisma/seed.ts',
  },
  ...(url ? { datasource: { url } } : {}),
});
