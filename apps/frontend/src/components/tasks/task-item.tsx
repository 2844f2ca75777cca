'use client';

import { taskFieldLimits, type Task, type TaskPriority, type UpdateTaskRequest } from '@todo/contracts';
import { useState, type FormEvent, type KeyboardEvent } from 'react';
import { dueDateToApi, dueDateToInput, formatDueDate } from './due-date';
import { PriorityOptions } from './priority-options';

export interface TaskItemProps {
  task: Task;
  /** Not yet confirmed by the server (optimistic). */
  pending: boolean;
  onUpdate: (id: string, patch: UpdateTaskRequest) => void;
  onDelete: (id: string) => void;
}

/** One task: a checkbox to complete it, and inline editing. */
export function TaskItem({ task, pending, onUpdate, onDelete }: TaskItemProps) {
  const [editing, setEditing] = useState(false);

  if (editing) {
    return (
      <li className="task task-editing">
        <TaskEditForm
          task={task}
          onCancel={() => setEditing(false)}
          onSave={(patch) => {
            setEditing(false);
            if (Object.keys(patch).length > 0) onUpdate(task.id, patch);
          }}
        />
      </li>
    );
  }

  const checkboxId = `task-done-${task.id}`;
  return (
    <li className={`task${task.completed ? ' task-done' : ''}${pending ? ' task-pending' : ''}`} aria-busy={pending}>
      <input
        id={checkboxId}
        type="checkbox"
        className="task-check"
        checked={task.completed}
        disabled={pending}
        onChange={(event) => onUpdate(task.id, { completed: event.target.checked })}
        aria-label={`Mark “${task.title}” as ${task.completed ? 'not done' : 'done'}`}
      />
      <div className="task-body">
        <label htmlFor={checkboxId} className="task-title">
          {task.title}
        </label>
        {task.description ? <p className="task-description">{task.description}</p> : null}
        <p className="task-meta">
          <span className={`badge badge-${task.priority}`}>{task.priority} priority</span>
          {task.dueDate ? <span>Due {formatDueDate(task.dueDate)}</span> : null}
          {pending ? <span>Saving…</span> : null}
        </p>
      </div>
      <div className="task-actions">
        <button
          type="button"
          className="button button-quiet"
          disabled={pending}
          onClick={() => setEditing(true)}
          aria-label={`Edit “${task.title}”`}
        >
          Edit
        </button>
        <button
          type="button"
          className="button button-danger"
          disabled={pending}
          onClick={() => onDelete(task.id)}
          aria-label={`Delete “${task.title}”`}
        >
          Delete
        </button>
      </div>
    </li>
  );
}

interface TaskEditFormProps {
  task: Task;
  onSave: (patch: UpdateTaskRequest) => void;
  onCancel: () => void;
}

/** Edits title, description, priority and due date; sends only the fields that changed. Escape cancels. */
function TaskEditForm({ task, onSave, onCancel }: TaskEditFormProps) {
  const [title, setTitle] = useState(task.title);
  const [description, setDescription] = useState(task.description ?? '');
  const [priority, setPriority] = useState<TaskPriority>(task.priority);
  const [dueDate, setDueDate] = useState(dueDateToInput(task.dueDate));
  const prefix = `edit-${task.id}`;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const patch: UpdateTaskRequest = {};
    if (title.trim() !== task.title) patch.title = title.trim();
    const nextDescription = description.trim() === '' ? null : description.trim();
    if (nextDescription !== task.description) patch.description = nextDescription;
    if (priority !== task.priority) patch.priority = priority;
    const nextDue = dueDateToApi(dueDate);
    if (dueDateToInput(nextDue) !== dueDateToInput(task.dueDate)) patch.dueDate = nextDue;
    onSave(patch);
  }

  function cancelOnEscape(event: KeyboardEvent<HTMLFormElement>) {
    if (event.key === 'Escape') onCancel();
  }

  return (
    <form className="task-edit stack" onSubmit={submit} onKeyDown={cancelOnEscape} aria-label={`Edit “${task.title}”`}>
      <div className="field">
        <label htmlFor={`${prefix}-title`}>Title</label>
        <input
          id={`${prefix}-title`}
          value={title}
          maxLength={taskFieldLimits.titleMaxLength}
          required
          autoFocus
          onChange={(event) => setTitle(event.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={`${prefix}-description`}>Description</label>
        <textarea
          id={`${prefix}-description`}
          value={description}
          maxLength={taskFieldLimits.descriptionMaxLength}
          rows={2}
          onChange={(event) => setDescription(event.target.value)}
        />
      </div>
      <div className="row">
        <div className="field">
          <label htmlFor={`${prefix}-priority`}>Priority</label>
          <select id={`${prefix}-priority`} value={priority} onChange={(event) => setPriority(event.target.value as TaskPriority)}>
            <PriorityOptions />
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${prefix}-due`}>Due date</label>
          <input id={`${prefix}-due`} type="date" value={dueDate} onChange={(event) => setDueDate(event.target.value)} />
        </div>
      </div>
      <div className="row">
        <button type="submit" className="button button-primary" disabled={title.trim() === ''}>
          Save
        </button>
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
