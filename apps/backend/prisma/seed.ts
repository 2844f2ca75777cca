// `npm run seed -w @todo/backend` (and `prisma db seed`): the committed migrations (the same
// migrator as the Job, `npm run dev` and the tests), then the demo account and a few tasks.
import { applyMigrations } from '../src/db/migrator';
import { seedDemoData } from '../src/seed';

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  process.stderr.write('DATABASE_URL is required\n');
  process.exit(1);
}
async function seed(url: string): Promise<void> {
  const applied = await applyMigrations(url);
  if (applied.length > 0) process.stdout.write(`applied migrations: ${applied.join(', ')}\n`);
  await seedDemoData(url);
}

seed(databaseUrl).catch((error: unknown) => {
  process.stderr.write(`seed failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
