/**
 * Groq answers 400 `tool_use_failed` when the model wrote its tool call as text instead of in the
 * tool-call format; the text is in the error's `failed_generation`. Seen in the wild:
 *   <function=add_task>{"title": "Buy milk"}</function>
 *   <function=read={"file_path": "sample.txt"}</function>     (tashfeenahmed/freellmapi#291)
 *   web_search{"query": "..."}</function>                       (huggingface/smolagents#1119)
 * Over HTTP the body is `{ error: { code, failed_generation } }` (groq/groq-typescript#28); in a
 * stream it is an `event: error` whose data is the same object (anomalyco/opencode#1018), which
 * groq-sdk throws as an APIError without a status whose `error` is the inner object
 * (node_modules/groq-sdk/core/streaming.js).
 */

export interface WrittenToolCall {
  name: string;
  /** The JSON text the model wrote (`{}` when it wrote none). */
  arguments: string;
}

const writtenCall = /(?:<function=)?([A-Za-z_][\w.-]*)\s*[>=]?\s*(\{[\s\S]*?\})?\s*<\/function>/g;

/** The calls written in a `failed_generation`, or an empty list when it holds none. */
export function parseFailedGeneration(text: string): WrittenToolCall[] {
  return Array.from(text.matchAll(writtenCall), (match) => ({ name: match[1]!, arguments: match[2] ?? '{}' }));
}

/** Groq's error object (`{ code, message, failed_generation? }`) of a failed request, from either form. */
export function groqErrorObject(body: unknown): { code?: unknown; failed_generation?: unknown } | undefined {
  if (!isObject(body)) return undefined;
  if (isObject(body.error)) return body.error;
  return 'code' in body ? body : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
