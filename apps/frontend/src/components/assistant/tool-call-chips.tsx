import type { ToolCall } from '@todo/contracts';
import { describeToolCall } from '../../lib/tool-calls';

/** What the assistant did in a turn, as readable chips such as "added task: Buy milk". */
export function ToolCallChips({ toolCalls }: { toolCalls: readonly ToolCall[] }) {
  if (toolCalls.length === 0) return null;
  return (
    <ul className="chips" aria-label="Actions taken">
      {toolCalls.map((call, index) => {
        const { label, failed } = describeToolCall(call);
        return (
          <li key={index} className={`chip${failed ? ' chip-failed' : ''}`}>
            {label}
          </li>
        );
      })}
    </ul>
  );
}
