import { recordProgram, type RenderedResource } from '../render/record';

export type { RenderedResource } from '../render/record';

/**
 * The unit-test harness for one component: records what `build` declares under fresh Pulumi mocks
 * (empty stack config), once everything has settled. See `infra/render/record.ts` for how.
 */
export async function recordResources(build: () => void, stack = 'dev'): Promise<RenderedResource[]> {
  const { resources } = await recordProgram('todo', stack, { values: {}, secretKeys: [] }, () => {
    build();
    return {};
  });
  return resources;
}

/** Rendered inputs, typed loosely: tests walk deep, schema-less objects and assert exact values. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
export type Inputs = Record<string, any>;

/** The inputs of the one resource with this Pulumi name (fails loudly when absent). */
export function inputsOf(records: readonly RenderedResource[], name: string): Inputs {
  const found = records.find((r) => r.name === name);
  if (!found) throw new Error(`no resource named ${name}; got ${records.map((r) => r.name).join(', ')}`);
  return found.inputs;
}
