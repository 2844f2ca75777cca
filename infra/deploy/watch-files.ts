import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Filesystem events for `npm run deploy -- --watch`: one non-recursive `fs.watch` (inotify on
 * Linux, FSEvents/kqueue elsewhere) per directory, on a tree the wrapper walks itself.
 *
 * Why not `fs.watch(dir, { recursive: true })`: it has no way to leave folders out, and `apps/`
 * holds each workspace's `node_modules` and the frontend's `.next`, which `npm install` and
 * `next dev` fill with thousands of folders and writes, all of them watched and reported for
 * nothing. Why not polling mtimes: a save would wait for the next poll, and each poll walks and
 * stats the whole tree. Walking it once, skipping those folders (about 80 directories here), costs
 * one watch each and reports a save at once.
 *
 * A folder created later (a new module) is walked and watched when its parent reports it; a folder
 * removed drops its watch. Editors that save by writing a temporary file and renaming it over the
 * original are seen too: the rename is an event on the (watched) directory, not on the old inode.
 */

/** A watch on a part of the repository; `close` releases every `fs.watch` it holds. */
export interface TreeWatch {
  close(): void;
  /** How many directories are watched (for the startup line). */
  readonly directories: number;
}

export interface WatchTreeOptions {
  /** The repository root; every reported path is relative to it, `/`-separated. */
  root: string;
  /** Top-level entries to watch: folders are watched through, files by the root's own watch. */
  entries: readonly string[];
  /** Directory names never walked nor watched (`node_modules`, `.next`, ...). */
  skip: ReadonlySet<string>;
  /** Called with the relative path of each change. */
  onChange: (relPath: string) => void;
}

/** The names of the folders in `dir`; none when it went away meanwhile. */
function subdirectories(dir: string): string[] {
  try {
    return fs
      .readdirSync(dir, { withFileTypes: true, encoding: 'utf8' })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
  } catch {
    return [];
  }
}

/** Watches `entries` of `root` (see the module comment for how, and why). */
export function watchTree(options: WatchTreeOptions): TreeWatch {
  const { root, skip, onChange } = options;
  const watchers = new Map<string, fs.FSWatcher>();
  const topLevel = new Set(options.entries);

  const unwatch = (rel: string): void => {
    for (const [dir, watcher] of watchers) {
      if (rel === '' || dir === rel || dir.startsWith(`${rel}/`)) {
        watcher.close();
        watchers.delete(dir);
      }
    }
  };

  const isWatchedDir = (rel: string): boolean => {
    const stat = fs.statSync(path.join(root, rel), { throwIfNoEntry: false });
    return stat?.isDirectory() === true;
  };

  const onEvent = (dir: string, name: string | null): void => {
    // Linux always names the entry; without a name, report the directory itself.
    const rel = name === null ? dir : dir === '' ? name : `${dir}/${name}`;
    const first = rel.split('/')[0] as string;
    if (!topLevel.has(first) || rel.split('/').some((part) => skip.has(part))) return;
    if (rel !== dir) {
      if (isWatchedDir(rel)) watchDir(rel);
      else if (watchers.has(rel)) unwatch(rel);
    }
    onChange(rel);
  };

  function watchDir(rel: string): void {
    if (watchers.has(rel)) return;
    let watcher: fs.FSWatcher;
    try {
      watcher = fs.watch(path.join(root, rel), { persistent: true }, (_event, name) => onEvent(rel, name));
    } catch {
      return; // removed between the walk and the watch: its parent reports it
    }
    // A watched folder removed (or renamed away) ends its watch with an error on some platforms.
    watcher.on('error', () => unwatch(rel));
    watchers.set(rel, watcher);
    if (rel === '') return; // the root: its own entries only, never walked
    for (const name of subdirectories(path.join(root, rel))) if (!skip.has(name)) watchDir(`${rel}/${name}`);
  }

  watchDir('');
  for (const entry of topLevel) if (!skip.has(entry) && isWatchedDir(entry)) watchDir(entry);
  return {
    close: () => unwatch(''),
    get directories() {
      return watchers.size;
    },
  };
}
