import { API_PREFIX, routePath, routes } from '@todo/contracts';
import { Router, type RequestHandler } from 'express';
import { noContent, routeMounter } from '../http/routes';
import { taskNotFound, type TasksService } from './tasks.service';

export function createTasksRouter(options: { tasks: TasksService; requireAuth: RequestHandler }): Router {
  const { tasks } = options;
  const router = Router();
  const { on } = routeMounter(router, options.requireAuth);
  const notFound = ({ id }: { id: string }) => taskNotFound(id);

  on(routes.listTasks, {}, async ({ user, query }) => ({ status: 200, body: await tasks.list(user.id, query) }));

  on(routes.createTask, { body: 'task' }, async ({ user, body }) => {
    const task = await tasks.create(user.id, body);
    return { status: 201, body: { task }, headers: { Location: `${API_PREFIX}${routePath(routes.getTask, { id: task.id })}` } };
  });

  on(routes.getTask, { notFound }, async ({ user, params }) => ({ status: 200, body: { task: await tasks.get(user.id, params.id) } }));

  on(routes.updateTask, { body: 'task update', notFound }, async ({ user, params, body }) => ({
    status: 200,
    body: { task: await tasks.update(user.id, params.id, body) },
  }));

  on(routes.deleteTask, { notFound }, async ({ user, params }) => {
    await tasks.remove(user.id, params.id);
    return noContent;
  });

  return router;
}
