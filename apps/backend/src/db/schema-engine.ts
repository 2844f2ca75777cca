import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as glue from '@prisma/schema-engine-wasm/schema_engine_bg';

export type { SchemaEngine, MigrationList } from '@prisma/schema-engine-wasm/schema_engine_bg';

/**
 * The engine hash of the pinned `@prisma/schema-engine-wasm` (apps/backend/package.json): the
 * schema engine Prisma 7.10.0 ships natively (`@prisma/engines-version` 7.10.0-4.0edf323e), so
 * this migrator and `prisma migrate deploy` 7.10 run the same engine code. The package's versions
 * carry engine hashes that need not match the installed Prisma CLI: change the pin on purpose, and
 * this constant with it (schema-engine.test.ts pins both).
 */
export const SCHEMA_ENGINE_HASH = '0edf323efd1d98336f3f0a68684b56f689b900d3';

let loaded: typeof glue | undefined;

/**
 * Prisma's schema engine compiled to WebAssembly: the same Rust code as the CLI's native binary,
 * with no native file, no libssl and no download, so it runs on any CPU Node runs on.
 *
 * The package's entry (`schema_engine.js`) imports the `.wasm` file as an ES module, which Node 20
 * allows only behind `--experimental-wasm-modules`. Its wasm-bindgen glue (`schema_engine_bg.js`)
 * works without a flag when given the instance: instantiate the `.wasm` file (its imports are the
 * glue module's exports), hand the exports to `__wbg_set_wasm`, run the start function. That is
 * what the entry does, minus the ESM-only import. Synchronous (about 100 ms for 5 MB), once per
 * process.
 */
export function loadSchemaEngine(): typeof glue {
  if (loaded) return loaded;
  const wasmPath = join(dirname(require.resolve('@prisma/schema-engine-wasm/schema_engine_bg')), 'schema_engine_bg.wasm');
  const module = new WebAssembly.Module(readFileSync(wasmPath));
  const instance = new WebAssembly.Instance(module, { './schema_engine_bg.js': importsWithUnrefTimers() });
  const exports = instance.exports as { __wbindgen_start?: () => void };
  glue.__wbg_set_wasm(exports);
  exports.__wbindgen_start?.();
  loaded = glue;
  return glue;
}

/**
 * The glue's exports are the module's imports, except its `setTimeout` (`__wbg_setTimeout_<hash>`):
 * the engine arms a timer for each timeout it races (such as the 10 s advisory-lock wait)
 * and never clears it (the glue imports no clearTimeout), so a finished run would keep Node alive
 * for up to 10 s more. Unref'd timers still fire while the run's database connection keeps the
 * process alive, and no longer hold it open afterwards.
 */
function importsWithUnrefTimers(): WebAssembly.ModuleImports {
  const imports: Record<string, unknown> = { ...glue };
  for (const name of Object.keys(imports).filter((key) => key.startsWith('__wbg_setTimeout_'))) {
    imports[name] = (callback: () => void, ms: number) => setTimeout(callback, ms >>> 0).unref();
  }
  return imports as WebAssembly.ModuleImports;
}
