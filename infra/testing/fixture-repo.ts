import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * A throwaway directory holding `files` (relative path → content): a small repository for tests of
 * content tags, ignore files and image builds, so edits in the real work tree cannot move what they
 * assert. The caller removes it (`fs.rmSync(root, { recursive: true, force: true })`).
 */
export function writeFixtureRepo(prefix: string, files: Readonly<Record<string, string>>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  for (const [rel, body] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), body);
  }
  return root;
}
