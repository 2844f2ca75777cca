/**
 * Times one evaluation of the Pulumi program under mocks in a fresh process (run by bench/run.ts
 * with `node --import tsx`), and prints `{ importMs, renderMs, cpuMs, resources }` as JSON on the
 * last line. importMs: loading the SDK and the program's modules; renderMs: `renderStack('dev')`
 * itself; cpuMs: the CPU both used (robust to other work on the machine, unlike the wall times).
 */
async function main() {
  const started = performance.now();
  const cpuAtStart = process.cpuUsage();
  const { renderStack } = await import('../infra/render/program.js');
  const imported = performance.now();
  const resources = await renderStack('dev');
  const rendered = performance.now();
  const cpu = process.cpuUsage(cpuAtStart);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  process.stdout.write(
    `${JSON.stringify({ importMs: imported - started, renderMs: rendered - imported, cpuMs, resources: resources.length })}\n`,
  );
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
