import { routes, type TaskList, type TaskResponse } from '@todo/contracts';
import { Router, type RequestHandler } from 'express';
import { currentUser } from '../auth/require-auth';
import { routeMounter } from '../http/routes';
import { parseOrThrow } from '../http/validate';
import type { TasksService } from './tasks.service';

export function createTasksRouter(options: { tasks: TasksService; requireAuth: RequestHandler }): Router {
  const { tasks } = options;
  const router = Router();
  const on = routeMounter(router, options.requireAuth);

  on(routes.listTasks, async (req, res) => {
    const query = parseOrThrow(routes.listTasks.query, req.query, 'query');
    const body: TaskList = await tasks.list(currentUser(res).id, query);
    res.json(body);
  });

  on(routes.createTask, async (req, res) => {
    const input = parseOrThrow(routes.createTask.body, req.body, 'task');
    const body: TaskResponse = { task: await tasks.create(currentUser(res).id, input) };
    res.status(201).location(`${req.baseUrl}/tasks/${body.task.id}`).json(body);
  });

  on(routes.getTask, async (req, res) => {
    const body: TaskResponse = { task: await tasks.get(currentUser(res).id, req.params.id as string) };
    res.json(body);
  });

  on(routes.updateTask, async (req, res) => {
    const patch = parseOrThrow(routes.updateTask.body, req.body, 'task update');
    const body: TaskResponse = { task: await tasks.update(currentUser(res).id, req.params.id as string, patch) };
    res.json(body);
  });

  on(routes.deleteTask, async (req, res) => {
    await tasks.remove(currentUser(res).id, req.params.id as string);
    res.status(204).end();
  });

  return router;
}
