import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { createTestDatabase, type TestDatabase } from '../testing/database';
import { applyMigrations, migrationsDir, readMigrations } from './migrations';
import { parseDatabaseUrl } from './database';

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
});

afterAll(async () => {
  await db.close();
});

describe('applyMigrations', () => {
  it('when the migrations were applied, then they are recorded in _prisma_migrations with the checksum Prisma uses, and re-applying is a no-op', async () => {
    const again = await applyMigrations(db.url);
    const { connectionString, schema } = parseDatabaseUrl(db.url);
    const client = new Client({ connectionString });
    await client.connect();
    const rows = await client
      .query(`SELECT migration_name, checksum, applied_steps_count FROM "${schema}"."_prisma_migrations" ORDER BY migration_name`)
      .finally(() => client.end());

    expect(again).toEqual([]);
    expect(rows.rows).toEqual(readMigrations().map((m) => ({ migration_name: m.name, checksum: m.checksum, applied_steps_count: 1 })));
  });

  it('when the schema is migrated, then every model of the Prisma schema is usable through the client', async () => {
    const user = await db.prisma.user.create({ data: { email: 'm@example.com', passwordHash: 'h' } });
    const conversation = await db.prisma.conversation.create({ data: { userId: user.id, title: 't' } });
    await db.prisma.message.create({
      data: { conversationId: conversation.id, role: 'assistant', content: '', toolCalls: [{ id: 'c1', name: 'add_task' }] },
    });
    await db.prisma.task.create({ data: { userId: user.id, title: 'x' } });

    await db.prisma.user.delete({ where: { id: user.id } });

    // Deleting a user cascades to everything they own.
    expect(await db.prisma.task.count()).toBe(0);
    expect(await db.prisma.message.count()).toBe(0);
  });

  it('when the migrations folder is read, then it is in Prisma layout with the postgresql lock file', () => {
    expect(readFileSync(join(migrationsDir, 'migration_lock.toml'), 'utf8')).toContain('provider = "postgresql"');
    expect(readMigrations()[0]?.name).toBe('20261126000000_init');
  });
});
