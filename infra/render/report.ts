import type { ObjectChange } from './diff';
import type { PolicyViolation } from './policies';

/** Marks the PR comment so the workflow updates the same one on every push. */
export const REPORT_MARKER = '<!-- todo-render-diff -->';
/** GitHub refuses comments over 65 536 characters; keep room for the tail. */
const MAX_LENGTH = 60_000;

export interface StackReport {
  stack: string;
  /** Undefined when the base could not be rendered (then `baseError` says why). */
  changes?: ObjectChange[];
  baseError?: string;
  violations: PolicyViolation[];
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function summary(changes: ObjectChange[]): string {
  const count = (kind: ObjectChange['change']) => changes.filter((c) => c.change === kind).length;
  return changes.length === 0 ? 'no change' : `${count('changed')} changed, ${count('added')} added, ${count('removed')} removed`;
}

/**
 * The PR comment (and what `npm run render -- --diff <ref>` prints): per stack the rendered-manifest
 * diff (secrets are redacted by the render) and the policy pack's results on the head.
 */
export function formatReport(baseCommit: string, headLabel: string, stacks: readonly StackReport[]): string {
  const lines = [REPORT_MARKER, `## Rendered manifests: \`${baseCommit}\` → ${headLabel}`, ''];
  lines.push('| stack | manifests | policy pack (head) |', '|---|---|---|');
  for (const s of stacks) {
    const mandatory = s.violations.filter((v) => v.enforcementLevel === 'mandatory').length;
    const advisory = s.violations.length - mandatory;
    const policy =
      s.violations.length === 0 ? 'passes' : `**${plural(mandatory, 'mandatory violation')}**, ${plural(advisory, 'advisory warning')}`;
    lines.push(`| ${s.stack} | ${s.changes ? summary(s.changes) : 'base not rendered'} | ${policy} |`);
  }
  const body: string[] = [];
  for (const s of stacks) {
    body.push('', `### ${s.stack}`);
    if (s.baseError) body.push('', `The base could not be rendered, so there is no diff: \`${s.baseError.split('\n')[0]}\``);
    for (const v of s.violations)
      body.push(`- ${v.enforcementLevel === 'mandatory' ? '❌' : '⚠️'} \`${v.policy}\` (${v.enforcementLevel}): ${v.message}`);
    for (const c of s.changes ?? []) {
      body.push('', `<details><summary>${c.key} (${c.change})</summary>`, '', '```diff', c.patch, '```', '', '</details>');
    }
  }
  let text = [...lines, ...body].join('\n');
  if (text.length > MAX_LENGTH) {
    text = text.slice(0, MAX_LENGTH);
    if ((text.match(/```/g) ?? []).length % 2 === 1) text += '\n```\n</details>';
    text = `${text}\n\n… truncated: run \`npm run render -- --diff ${baseCommit}\` for the whole diff.`;
  }
  return `${text}\n`;
}

export function hasMandatoryViolation(stacks: readonly StackReport[]): boolean {
  return stacks.some((s) => s.violations.some((v) => v.enforcementLevel === 'mandatory'));
}
