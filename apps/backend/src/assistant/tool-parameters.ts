import { z } from 'zod';

/** The JSON schema object a chat-completions tool declares as its `parameters`. */
export type ToolParameters = Record<string, unknown>;

/**
 * The JSON schema the model sees for a tool's arguments, derived from the zod schema the
 * arguments are validated with (so the two cannot drift). `$schema` is dropped and so is any
 * `pattern` that only restates a `format` (uuid, date-time): those regexes are hundreds of
 * characters the model pays for on every request, and zod still enforces them on the way in.
 */
export function toToolParameters(schema: z.ZodType): ToolParameters {
  const { $schema: _ignored, ...jsonSchema } = z.toJSONSchema(schema, { io: 'input' }) as Record<string, unknown>;
  return stripFormatPatterns(jsonSchema) as ToolParameters;
}

function stripFormatPatterns(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(stripFormatPatterns);
  if (node === null || typeof node !== 'object') return node;
  const entries = Object.entries(node as Record<string, unknown>);
  const hasFormat = entries.some(([key]) => key === 'format');
  return Object.fromEntries(
    entries.filter(([key]) => !(hasFormat && key === 'pattern')).map(([key, value]) => [key, stripFormatPatterns(value)]),
  );
}
