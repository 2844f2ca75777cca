import * as path from 'node:path';
import { renderAtRef } from './base';
import { diffManifests, readManifests } from './diff';
import { toManifestFiles } from './manifests';
import { runPolicies } from './policies';
import { renderProgram } from './program';
import { formatReport, hasMandatoryViolation, type StackReport } from './report';

/** The committed stacks a pull request is checked against. */
export const PR_STACKS = ['dev', 'prod'] as const;

/**
 * `npm run render -- --diff <ref>`: both stacks rendered from this checkout and from `ref`, diffed
 * object by object, with the policy pack's results on this checkout. Returns the report (the PR
 * comment) and whether a mandatory policy failed.
 */
export async function renderDiff(root: string, ref: string, log: (line: string) => void): Promise<{ report: string; failed: boolean }> {
  const base = renderAtRef(root, ref, PR_STACKS, log);
  const stacks: StackReport[] = [];
  for (const stack of PR_STACKS) {
    log(`rendering ${stack} from this checkout...`);
    const { resources } = await renderProgram(stack);
    const files = toManifestFiles(resources, 'head');
    const file = (name: string) => files.find((f) => f.file === name)?.body ?? '';
    const head = readManifests(file('all.yaml'), file('images.yaml'));
    const violations = await runPolicies(resources);
    const rendered = base.stacks[stack];
    stacks.push(
      rendered && 'allYaml' in rendered
        ? { stack, changes: diffManifests(readManifests(rendered.allYaml, rendered.imagesYaml), head), violations }
        : { stack, baseError: rendered?.error ?? 'not rendered', violations },
    );
  }
  return { report: formatReport(base.commit, `this checkout (${path.basename(root)})`, stacks), failed: hasMandatoryViolation(stacks) };
}
