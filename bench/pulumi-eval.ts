/**
 * Times one evaluation of the Pulumi program under mocks in a fresh process (run by bench/run.ts
 * with `node --import tsx`), and prints `{ importMs, renderMs, resources }` as JSON on the last line.
 * importMs: loading the SDK and the program's modules; renderMs: `renderStack('dev')` itself.
 */
import { join } from 'node:path';

interface RenderModule {
  renderStack(stack: 'dev'): Promise<unknown[]>;
}

async function main() {
  const started = performance.now();
  // A computed path: the bench must still typecheck and run before the infra suite lands.
  const renderPath = join(__dirname, '..', 'infra', 'testing', 'render');
  const { renderStack } = (await import(renderPath)) as RenderModule;
  const imported = performance.now();
  const resources = await renderStack('dev');
  const rendered = performance.now();
  process.stdout.write(
    `${JSON.stringify({ importMs: imported - started, renderMs: rendered - imported, resources: resources.length })}\n`,
  );
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
