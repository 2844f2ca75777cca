/**
 * npm run render [-- <stack> [<outDir>]]
 *   Writes the Kubernetes manifests the stack (default `dev`) would apply, from the Pulumi program
 *   run under mocks: no cluster, no Pulumi CLI, no Docker needed. Secrets are redacted. Default
 *   output directory `rendered/<stack>/` (gitignored).
 *
 * npm run render -- --diff <git-ref>
 *   Renders the dev and prod stacks from this checkout and from <git-ref>, prints the object-by-object
 *   manifest diff and the policy pack's results (the pull-request comment, as Markdown, on stdout;
 *   progress on stderr), and exits 1 when a mandatory policy fails on this checkout.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { toManifestFiles } from '../infra/render/manifests';
import { renderDiff } from '../infra/render/pr-diff';
import { renderProgram } from '../infra/render/program';

const root = path.resolve(__dirname, '..');

async function writeStack(stack: string, outArg: string | undefined): Promise<void> {
  if (stack !== 'dev' && stack !== 'prod') {
    throw new Error(`unknown stack "${stack}": use dev or prod (the committed Pulumi.<stack>.yaml files)`);
  }
  const outDir = path.resolve(outArg ?? path.join(root, 'rendered', stack));
  const { resources, outputs, durationMs } = await renderProgram(stack);

  fs.rmSync(outDir, { recursive: true, force: true });
  fs.mkdirSync(outDir, { recursive: true });
  const header = `Rendered from the Pulumi program (stack ${stack}) under mocks by npm run render; secrets redacted.`;
  for (const file of toManifestFiles(resources, header)) fs.writeFileSync(path.join(outDir, file.file), file.body);
  fs.writeFileSync(path.join(outDir, 'outputs.json'), `${JSON.stringify(outputs, null, 2)}\n`);

  const objects = resources.filter((r) => r.type.startsWith('kubernetes:'));
  console.log(
    `Stack ${stack}: ${objects.length} Kubernetes objects in ${path.relative(process.cwd(), outDir) || '.'}/ (program evaluated in ${durationMs.toFixed(0)} ms)`,
  );
  for (const r of objects) {
    const meta = (r.inputs.metadata ?? {}) as { name?: string };
    console.log(`  ${String(r.inputs.kind).padEnd(24)} ${meta.name}`);
  }
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({ options: { diff: { type: 'string' } }, allowPositionals: true });
  if (values.diff !== undefined) {
    const { report, failed } = await renderDiff(root, values.diff, (line) => console.error(line));
    process.stdout.write(report);
    if (failed) console.error('A mandatory policy fails on this checkout (see the report).');
    return failed ? 1 : 0;
  }
  await writeStack(positionals[0] ?? 'dev', positionals[1]);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(2);
  },
);
