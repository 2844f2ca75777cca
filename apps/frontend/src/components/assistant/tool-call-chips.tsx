import type { ToolCall } from '@todo/contracts';
import { canUndo, describeToolCall } from '../../lib/tool-calls';

interface ToolCallChipsProps {
  toolCalls: readonly ToolCall[];
  /** Reverses the call; absent where nothing can be undone (no conversation yet). */
  onUndo?: (call: ToolCall) => void;
  /** Ids of calls whose undo is under way. */
  undoing?: ReadonlySet<string>;
}

/** What the assistant did in a turn, as readable chips such as "added task: Buy milk", each with Undo. */
export function ToolCallChips({ toolCalls, onUndo, undoing }: ToolCallChipsProps) {
  if (toolCalls.length === 0) return null;
  return (
    <ul className="chips" aria-label="Actions taken">
      {toolCalls.map((call) => {
        const { label, failed } = describeToolCall(call);
        const undone = 'undone' in call && call.undone;
        const busy = undoing?.has(call.id) ?? false;
        return (
          <li key={call.id} className={`chip${failed ? ' chip-failed' : ''}${undone ? ' chip-undone' : ''}`}>
            <span>{label}</span>
            {undone ? <span className="chip-state">undone</span> : null}
            {onUndo && canUndo(call) ? (
              <button type="button" className="chip-undo" aria-label={`Undo ${label}`} disabled={busy} onClick={() => onUndo(call)}>
                {busy ? 'Undoing…' : 'Undo'}
              </button>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
