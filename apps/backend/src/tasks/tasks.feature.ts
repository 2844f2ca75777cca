import type { RequestHandler } from 'express';
import type { SqlClient } from '../db/database';
import type { Feature } from '../feature';
import { createTasksRepository } from './tasks.repository';
import { createTasksRouter } from './tasks.routes';
import { createTasksService, type TasksService } from './tasks.service';

export interface TasksFeatureDeps {
  /** Every task statement runs here (task-statements.ts, list-query.ts), one per use case. */
  sql: SqlClient;
  requireAuth: RequestHandler;
}

export interface TasksFeature extends Feature {
  /** The one tasks service: the REST routes and the assistant's tools both go through it. */
  readonly service: TasksService;
}

/** The signed-in user's tasks: `GET|POST /tasks`, `GET|PATCH|DELETE /tasks/:id`. */
export function createTasksFeature(deps: TasksFeatureDeps): TasksFeature {
  const service = createTasksService(createTasksRepository(deps.sql));
  return { service, router: createTasksRouter({ tasks: service, requireAuth: deps.requireAuth }) };
}
