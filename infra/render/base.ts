import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * Renders stacks as another commit declares them: a detached `git worktree` of the ref, the
 * installed dependencies linked in (its own workspace packages, not this checkout's), then that
 * commit's own `scripts/render.ts <stack> <dir>`. The worktree is removed afterwards.
 */
export interface BaseRender {
  /** `git rev-parse --short` of the ref. */
  commit: string;
  /** Per stack: the files render wrote (`all.yaml`, `images.yaml`), or why it could not render. */
  stacks: Record<string, { allYaml: string; imagesYaml: string } | { error: string }>;
}

function git(root: string, args: string[]): string {
  return execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

/** node_modules for the worktree: every installed package linked, `@todo/*` pointing into the worktree. */
function linkDependencies(root: string, worktree: string): void {
  const source = path.join(root, 'node_modules');
  const target = path.join(worktree, 'node_modules');
  fs.mkdirSync(target);
  for (const entry of fs.readdirSync(source)) {
    if (entry === '@todo') continue;
    fs.symlinkSync(path.join(source, entry), path.join(target, entry));
  }
  const workspaces = path.join(source, '@todo');
  if (!fs.existsSync(workspaces)) return;
  fs.mkdirSync(path.join(target, '@todo'));
  for (const name of fs.readdirSync(workspaces)) {
    const relative = path.relative(root, fs.realpathSync(path.join(workspaces, name)));
    fs.symlinkSync(path.join(worktree, relative), path.join(target, '@todo', name));
  }
}

export function renderAtRef(root: string, ref: string, stacks: readonly string[], log: (line: string) => void): BaseRender {
  const commit = git(root, ['rev-parse', '--short', `${ref}^{commit}`]);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'todo-render-base-'));
  const worktree = path.join(dir, 'tree');
  git(root, ['worktree', 'add', '--detach', worktree, commit]);
  try {
    linkDependencies(root, worktree);
    const result: BaseRender = { commit, stacks: {} };
    for (const stack of stacks) {
      const out = path.join(dir, 'rendered', stack);
      log(`rendering ${stack} at ${commit}...`);
      try {
        execFileSync(path.join(root, 'node_modules', '.bin', 'tsx'), ['scripts/render.ts', stack, out], {
          cwd: worktree,
          stdio: ['ignore', 'ignore', 'pipe'],
          timeout: 180_000,
        });
        const read = (file: string) => (fs.existsSync(path.join(out, file)) ? fs.readFileSync(path.join(out, file), 'utf8') : '');
        result.stacks[stack] = { allYaml: read('all.yaml'), imagesYaml: read('images.yaml') };
      } catch (error) {
        const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
        result.stacks[stack] = { error: stderr || (error as Error).message };
      }
    }
    return result;
  } finally {
    git(root, ['worktree', 'remove', '--force', worktree]);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
