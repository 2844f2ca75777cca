/**
 * npm run images:ignore
 * Writes `apps/<app>/Dockerfile.dockerignore` for every image from its Dockerfile's COPY sources and
 * the root .dockerignore (infra/images/ignore-file.ts). Run it after changing a Dockerfile's COPY
 * lines or the root .dockerignore; infra/images/ignore-file.test.ts fails until then.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { expectedIgnoreFile, imageDockerfiles } from '../infra/images/ignore-file';

const root = path.resolve(__dirname, '..');
for (const dockerfile of imageDockerfiles(root)) {
  const { file, text } = expectedIgnoreFile(root, dockerfile);
  const full = path.join(root, file);
  const before = fs.existsSync(full) ? fs.readFileSync(full, 'utf8') : undefined;
  if (before !== text) fs.writeFileSync(full, text);
  console.log(`${file}: ${before === text ? 'unchanged' : 'written'}`);
}
