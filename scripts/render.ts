/**
 * npm run render [-- <stack> [<outDir>]]
 *
 * Writes the Kubernetes manifests the stack (default `dev`) would apply, from the Pulumi program run
 * under mocks: no cluster, no Pulumi CLI, no Docker needed. Secrets are redacted. Default output
 * directory `rendered/<stack>/` (gitignored).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { toManifestFiles } from '../infra/render/manifests';
import { renderProgram } from '../infra/render/program';

async function main(): Promise<void> {
  const stack = process.argv[2] ?? 'dev';
  if (stack !== 'dev' && stack !== 'prod') {
    throw new Error(`unknown stack "${stack}": use dev or prod (the committed Pulumi.<stack>.yaml files)`);
  }
  const root = path.resolve(__dirname, '..');
  const outDir = path.resolve(process.argv[3] ?? path.join(root, 'rendered', stack));
  const { resources, outputs, durationMs } = await renderProgram(stack);

  fs.rmSync(outDir, { recursive: true, force: true });
  fs.mkdirSync(outDir, { recursive: true });
  const header = `Rendered from the Pulumi program (stack ${stack}) under mocks by npm run render; secrets redacted.`;
  const files = toManifestFiles(resources, header);
  for (const file of files) fs.writeFileSync(path.join(outDir, file.file), file.body);
  fs.writeFileSync(path.join(outDir, 'outputs.json'), `${JSON.stringify(outputs, null, 2)}\n`);

  const objects = resources.filter((r) => r.type.startsWith('kubernetes:'));
  console.log(`Stack ${stack}: ${objects.length} Kubernetes objects in ${path.relative(process.cwd(), outDir) || '.'}/ (program evaluated in ${durationMs.toFixed(0)} ms)`);
  for (const r of objects) {
    const meta = (r.inputs.metadata ?? {}) as { name?: string };
    console.log(`  ${String(r.inputs.kind).padEnd(24)} ${meta.name}`);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
