import { Pool } from 'pg';
import { poolConfigFor } from './pg-pool';
import type { TaskSource } from './side-by-side';

/**
 * Tasks for the bench's PATCH and DELETE loads, inserted straight into the bench's database (one
 * INSERT … SELECT, seconds faster than the API for tens of thousands of rows).
 * - `cycling`: a fixed set the requests go round (updates can hit the same task again; a set larger
 *   than the connections keeps them from queueing on one row's lock);
 * - `consumed`: a fresh set before every run, each task named once (a delete can only happen once);
 * *   what a run left is deleted before the next set, so the table does not grow run after run. A run that
 *   outpaces its set goes round again and gets 404s, which the tables report as non-2xx.
 */
export interface TaskPools {
  cycling(userId: string, size: number): Promise<TaskSource>;
  consumed(userId: string, size: number): TaskSource;
  close(): Promise<void>;
}

export function openTaskPools(databaseUrl: string): TaskPools {
  const pool = new Pool({ ...poolConfigFor(databaseUrl), max: 2 });

  const insert = async (userId: string, size: number, title: string) => {
    const { rows } = await pool.query<{ id: string }>(
      `INSERT INTO tasks (id, user_id, title, priority, created_at, updated_at)
       SELECT gen_random_uuid(), $1, $2, 'medium', now(), now() FROM generate_series(1, $3) RETURNING id`,
      [userId, title, size],
    );
    return rows.map((row) => row.id);
  };
  const goRound = (ids: () => string[]) => {
    let next = 0;
    return () => {
      const list = ids();
      const id = list[next % list.length];
      next += 1;
      if (id === undefined) throw new Error('the task pool is empty');
      return id;
    };
  };

  return {
    async cycling(userId, size) {
      const ids = await insert(userId, size, 'Edit me');
      return { next: goRound(() => ids) };
    },
    consumed(userId, size) {
      let ids: string[] = [];
      let source = { next: goRound(() => ids) };
      return {
        next: () => source.next(),
        async refill() {
          if (ids.length > 0) await pool.query('DELETE FROM tasks WHERE id = ANY($1::uuid[])', [ids]);
          ids = await insert(userId, size, 'Delete me');
          source = { next: goRound(() => ids) };
        },
      };
    },
    close: () => pool.end(),
  };
}
