import { createSchemaStatus } from './schema-status';

const committed = ['20260101000000_init', '20260102000000_tasks', '20260103000000_sessions'];

/** A fake `_prisma_migrations` reader that counts its queries. */
function appliedReader(...answers: (string[] | Error)[]) {
  const reader = {
    queries: 0,
    read: async (): Promise<string[]> => {
      const answer = answers[Math.min(reader.queries, answers.length - 1)]!;
      reader.queries += 1;
      if (answer instanceof Error) throw answer;
      return answer;
    },
  };
  return reader;
}

describe('createSchemaStatus', () => {
  it('when the database lacks committed migrations, then it names them in order and asks again next time', async () => {
    const reader = appliedReader(['20260101000000_init'], ['20260101000000_init', '20260103000000_sessions']);
    const status = createSchemaStatus({ committed, readApplied: reader.read });

    expect(await status.missingMigrations()).toEqual(['20260102000000_tasks', '20260103000000_sessions']);
    expect(await status.missingMigrations()).toEqual(['20260102000000_tasks']);
    expect(reader.queries).toBe(2);
  });

  it('when the schema has become current, then it answers from memory without another query', async () => {
    const reader = appliedReader([], [...committed, '20260104000000_from_a_newer_version']);
    const status = createSchemaStatus({ committed, readApplied: reader.read });

    await status.missingMigrations();
    const answers = [await status.missingMigrations(), await status.missingMigrations(), await status.missingMigrations()];

    expect(answers).toEqual([[], [], []]);
    expect(reader.queries).toBe(2);
  });

  it('when probes ask at the same moment, then they share one query', async () => {
    const reader = appliedReader(['20260101000000_init']);
    const status = createSchemaStatus({ committed, readApplied: reader.read });

    const answers = await Promise.all([status.missingMigrations(), status.missingMigrations(), status.missingMigrations()]);

    expect(answers.map((missing) => missing.length)).toEqual([2, 2, 2]);
    expect(reader.queries).toBe(1);
  });

  it('when the query fails, then the error reaches the caller and the next call asks again', async () => {
    const reader = appliedReader(new Error('connection reset'), committed);
    const status = createSchemaStatus({ committed, readApplied: reader.read });

    await expect(status.missingMigrations()).rejects.toThrow('connection reset');
    expect(await status.missingMigrations()).toEqual([]);
    expect(reader.queries).toBe(2);
  });
});
