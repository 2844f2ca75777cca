/**
 * npm run compose
 * Writes compose.yaml at the repository root from the Pulumi program's dev stack (rendered under
 * mocks, no cluster or CLI needed). See infra/compose/compose-file.ts and docs/deploy.md, section "Compose".
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { COMPOSE_FILE, composeModel, composeYaml } from '../infra/compose/compose-file';
import { FRONTEND_PORT } from '../infra/ports';
import { renderStack } from '../infra/render/program';

async function main(): Promise<void> {
  const file = path.resolve(__dirname, '..', COMPOSE_FILE);
  const text = composeYaml(composeModel(await renderStack('dev'), { frontendPort: FRONTEND_PORT }));
  const before = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
  fs.writeFileSync(file, text);
  console.log(`${COMPOSE_FILE}: ${before === text ? 'unchanged' : 'written'} (from the dev stack of the Pulumi program)`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
