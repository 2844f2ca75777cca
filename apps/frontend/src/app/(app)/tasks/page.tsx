import type { Metadata } from 'next';
import { unstable_rethrow } from 'next/navigation';
import { Suspense } from 'react';
import { AssistantPanel } from '../../../components/assistant/assistant-panel';
import { TaskBoard } from '../../../components/tasks/task-board';
import { Spinner } from '../../../components/ui/spinner';
import { withSession } from '../../../lib/api/server';
import { BOARD_PAGE_SIZE, boardQueryFrom, type BoardQuery } from '../../../lib/task-query';

export const metadata: Metadata = { title: 'Tasks' };

/** The board and the assistant side by side (stacked on phones); each streams in on its own. */
export default async function TasksPage({ searchParams }: PageProps<'/tasks'>) {
  const query = boardQueryFrom(await searchParams);
  return (
    <div className="workspace">
      <Suspense fallback={<PanelLoading label="Loading tasks" />}>
        <Board query={query} />
      </Suspense>
      <Suspense fallback={<PanelLoading label="Loading the assistant" />}>
        <Assistant />
      </Suspense>
    </div>
  );
}

async function Board({ query }: { query: BoardQuery }) {
  const page = await withSession((api) => api.listTasks({ ...query, limit: BOARD_PAGE_SIZE }));
  return <TaskBoard initialTasks={page.items} initialNextCursor={page.nextCursor} query={query} />;
}

/** A failure here must not take the board down: the panel shows it and still accepts messages. */
async function Assistant() {
  const conversations = await withSession((api) => api.listConversations()).then(
    ({ items }) => items,
    (error: unknown) => {
      unstable_rethrow(error);
      return null;
    },
  );
  return conversations ? (
    <AssistantPanel initialConversations={conversations} />
  ) : (
    <AssistantPanel initialConversations={[]} initialError="Your past conversations could not be loaded." />
  );
}

function PanelLoading({ label }: { label: string }) {
  return (
    <section className="panel panel-loading">
      <Spinner label={label} />
      <p aria-hidden="true">{label}…</p>
    </section>
  );
}
