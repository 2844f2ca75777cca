import {
  createTaskRequestSchema,
  listTasksQuerySchema,
  updateTaskRequestSchema,
  type TaskList,
  type TaskResponse,
} from '@todo/contracts';
import { Router, type RequestHandler } from 'express';
import { currentUser } from '../auth/require-auth';
import { parseOrThrow } from '../http/validate';
import type { TasksService } from './tasks.service';

export function createTasksRouter(options: { tasks: TasksService; requireAuth: RequestHandler }): Router {
  const { tasks, requireAuth } = options;
  const router = Router();

  router.get('/tasks', requireAuth, async (req, res) => {
    const query = parseOrThrow(listTasksQuerySchema, req.query, 'query');
    const body: TaskList = await tasks.list(currentUser(res).id, query);
    res.json(body);
  });

  router.post('/tasks', requireAuth, async (req, res) => {
    const input = parseOrThrow(createTaskRequestSchema, req.body, 'task');
    const body: TaskResponse = { task: await tasks.create(currentUser(res).id, input) };
    res.status(201).location(`${req.baseUrl}/tasks/${body.task.id}`).json(body);
  });

  router.get('/tasks/:id', requireAuth, async (req, res) => {
    const body: TaskResponse = { task: await tasks.get(currentUser(res).id, req.params.id as string) };
    res.json(body);
  });

  router.patch('/tasks/:id', requireAuth, async (req, res) => {
    const patch = parseOrThrow(updateTaskRequestSchema, req.body, 'task update');
    const body: TaskResponse = { task: await tasks.update(currentUser(res).id, req.params.id as string, patch) };
    res.json(body);
  });

  router.delete('/tasks/:id', requireAuth, async (req, res) => {
    await tasks.remove(currentUser(res).id, req.params.id as string);
    res.status(204).end();
  });

  return router;
}
