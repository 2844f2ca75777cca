import type { RequestHandler } from 'express';
import type { PrismaClient, SqlClient } from '../db/database';
import type { Feature } from '../feature';
import { createTasksRepository } from './tasks.repository';
import { createTasksRouter } from './tasks.routes';
import { createTasksService, type TasksService } from './tasks.service';

export interface TasksFeatureDeps {
  prisma: PrismaClient;
  /** The list's one SQL statement runs here (list-query.ts); everything else goes through Prisma. */
  sql: SqlClient;
  requireAuth: RequestHandler;
}

export interface TasksFeature extends Feature {
  /** The one tasks service: the REST routes and the assistant's tools both go through it. */
  readonly service: TasksService;
}

/** The signed-in user's tasks: `GET|POST /tasks`, `GET|PATCH|DELETE /tasks/:id`. */
export function createTasksFeature(deps: TasksFeatureDeps): TasksFeature {
  const service = createTasksService(createTasksRepository(deps.prisma, deps.sql));
  return { service, router: createTasksRouter({ tasks: service, requireAuth: deps.requireAuth }) };
}
