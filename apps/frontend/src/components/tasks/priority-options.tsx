import { taskPrioritySchema, type TaskPriority } from '@todo/contracts';

const LABELS: Record<TaskPriority, string> = { low: 'Low', medium: 'Medium', high: 'High' };

/** One `<option>` per priority of the contract, lowest first (or highest first with `highestFirst`). */
export function PriorityOptions({ highestFirst = false }: { highestFirst?: boolean }) {
  const priorities = highestFirst ? [...taskPrioritySchema.options].reverse() : taskPrioritySchema.options;
  return (
    <>
      {priorities.map((priority) => (
        <option key={priority} value={priority}>
          {LABELS[priority]}
        </option>
      ))}
    </>
  );
}
