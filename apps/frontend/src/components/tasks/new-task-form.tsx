'use client';

import { taskFieldLimits, type CreateTaskRequest, type TaskPriority } from '@todo/contracts';
import { useRef, useState, type FormEvent } from 'react';
import { dueDateToApi } from './due-date';
import { PriorityOptions } from './priority-options';

/** Adds a task; the board shows it at once and rolls it back if the server refuses it. */
export function NewTaskForm({ onCreate }: { onCreate: (input: CreateTaskRequest) => void }) {
  const [title, setTitle] = useState('');
  const [priority, setPriority] = useState<TaskPriority>('medium');
  const [dueDate, setDueDate] = useState('');
  const titleRef = useRef<HTMLInputElement>(null);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const trimmed = title.trim();
    if (trimmed === '') {
      titleRef.current?.focus();
      return;
    }
    const due = dueDateToApi(dueDate);
    onCreate({ title: trimmed, priority, ...(due ? { dueDate: due } : {}) });
    setTitle('');
    setPriority('medium');
    setDueDate('');
    titleRef.current?.focus();
  }

  return (
    <form className="new-task" onSubmit={submit} aria-label="Add a task">
      <div className="field field-grow">
        <label htmlFor="new-task-title">New task</label>
        <input
          id="new-task-title"
          ref={titleRef}
          value={title}
          maxLength={taskFieldLimits.titleMaxLength}
          placeholder="What needs doing?"
          onChange={(event) => setTitle(event.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor="new-task-priority">Priority</label>
        <select id="new-task-priority" value={priority} onChange={(event) => setPriority(event.target.value as TaskPriority)}>
          <PriorityOptions />
        </select>
      </div>
      <div className="field">
        <label htmlFor="new-task-due">Due date</label>
        <input id="new-task-due" type="date" value={dueDate} onChange={(event) => setDueDate(event.target.value)} />
      </div>
      <button type="submit" className="button button-primary" disabled={title.trim() === ''}>
        Add task
      </button>
    </form>
  );
}
