// `npm run seed -w @todo/backend` (and `prisma db seed`): the demo account and a few tasks.
import { seedDemoData } from '../src/seed';

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  process.stderr.write('DATABASE_URL is required\n');
  process.exit(1);
}
seedDemoData(databaseUrl).catch((error: unknown) => {
  process.stderr.write(`seed failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
