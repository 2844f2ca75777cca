import * as fs from 'node:fs';
import * as path from 'node:path';
import { execOk } from './exec';
import { buildImage, FAILING_MIGRATION } from './images';
import type { ImageSource } from './steps';
import type { Workspace } from './workspace';

/** The one-line backend change the suite makes (a comment: the image changes, the behaviour not). */
const BACKEND_CHANGE = { file: 'apps/backend/src/main.ts', line: '// cluster suite: a one-line backend change\n' };

/** Brings the clone's backend to one of the three states the steps deploy. */
function shapeBackend(ws: Workspace, state: 'checkout' | 'changed' | 'failing'): void {
  const file = path.join(ws.dir, BACKEND_CHANGE.file);
  const source = fs.readFileSync(file, 'utf8').replace(BACKEND_CHANGE.line, '');
  fs.writeFileSync(file, state === 'checkout' ? source : source + BACKEND_CHANGE.line);
  const migration = path.join(ws.dir, FAILING_MIGRATION.dir);
  fs.rmSync(migration, { recursive: true, force: true });
  if (state === 'failing') {
    fs.mkdirSync(migration, { recursive: true });
    fs.writeFileSync(path.join(migration, 'migration.sql'), FAILING_MIGRATION.sql);
  }
}

/**
 * Here: both images built by the real Docker engine from the clone's Dockerfiles and deployed by
 * reference (`backendImage`/`frontendImage`), since the docker provider cannot be had on these
 * machines. kwok runs no container, so the failing migration's Job pod is failed by a kwok stage
 * keyed on that image (kwok.ts stagesConfig); the image itself really holds the broken migration.
 */
export class ReferencedImages implements ImageSource {
  constructor(private readonly stack: string) {}

  /** The reference of the failing backend, known before the cluster exists (its stage names it). */
  static async buildFailing(ws: Workspace, log: string): Promise<string> {
    shapeBackend(ws, 'failing');
    try {
      return await buildImage(ws.dir, 'backend', log);
    } finally {
      shapeBackend(ws, 'checkout');
    }
  }

  async useCheckout(ws: Workspace, log: string): Promise<void> {
    shapeBackend(ws, 'checkout');
    await this.deployRefs(ws, log, await buildImage(ws.dir, 'backend', log), await buildImage(ws.dir, 'frontend', log));
  }

  async useNewBackend(ws: Workspace, log: string): Promise<void> {
    shapeBackend(ws, 'changed');
    await this.deployRefs(ws, log, await buildImage(ws.dir, 'backend', log), await buildImage(ws.dir, 'frontend', log));
  }

  async useFailingBackend(ws: Workspace, log: string): Promise<void> {
    const failing = await ReferencedImages.buildFailing(ws, log);
    await this.deployRefs(ws, log, failing, await buildImage(ws.dir, 'frontend', log));
  }

  private async deployRefs(ws: Workspace, log: string, backend: string, frontend: string): Promise<void> {
    for (const [key, value] of [
      ['backendImage', backend],
      ['frontendImage', frontend],
    ] as const) {
      await execOk(String(ws.env.PULUMI_BIN), ['config', 'set', '--stack', this.stack, key, value], { cwd: ws.dir, env: ws.env, log });
    }
  }
}

/**
 * On a laptop's Minikube (`--context minikube`): the program builds both images itself through
 * `@pulumi/docker` in Minikube's Docker daemon, so each state is only the clone's files.
 */
export class BuiltImages implements ImageSource {
  useCheckout(ws: Workspace): Promise<void> {
    shapeBackend(ws, 'checkout');
    return Promise.resolve();
  }

  useNewBackend(ws: Workspace): Promise<void> {
    shapeBackend(ws, 'changed');
    return Promise.resolve();
  }

  useFailingBackend(ws: Workspace): Promise<void> {
    shapeBackend(ws, 'failing');
    return Promise.resolve();
  }
}
