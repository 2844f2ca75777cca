import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadSchemaEngine, SCHEMA_ENGINE_HASH } from './schema-engine';

const backendPackage = JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8')) as { dependencies: Record<string, string> };

describe('the pinned schema engine', () => {
  it('when loaded, then it reports the engine hash the migrator was verified with', () => {
    expect(loadSchemaEngine().version()).toBe(SCHEMA_ENGINE_HASH);
  });

  it('when the backend package is read, then the engine is pinned to one exact version carrying that hash', () => {
    expect(backendPackage.dependencies['@prisma/schema-engine-wasm']).toBe(`7.10.0-4.${SCHEMA_ENGINE_HASH}`);
  });

  it('when its glue is read, then it still imports the setTimeout the loader makes non-blocking', () => {
    expect(Object.keys(loadSchemaEngine()).filter((name) => name.startsWith('__wbg_setTimeout_'))).toHaveLength(1);
  });
});
