/**
 * Prints a multi-step conversation with the assistant against the scripted LLM server (the model's
 * side is scripted; everything else is the real app, database and tools), then the resulting task
 * rows. Run: `npx tsx apps/backend/src/assistant/testing/transcript.ts` (uses DATABASE_URL when set,
 * else an embedded PostgreSQL).
 */
import type { ChatResponse } from '@todo/contracts';
import request from 'supertest';
import { createTestDatabase } from '../../testing/database';
import { buildAssistantApp, signUp } from './assistant-app';
import { llmReply, startScriptedLlmServer, type RecordedRequest } from '@todo/testkit/scripted-llm-server';

function lastToolResult(sent: RecordedRequest): { tasks: Array<{ id: string; title: string; dueDate: string | null }> } {
  const tool = sent.body.messages.filter((m) => m.role === 'tool').at(-1);
  return JSON.parse(tool?.content ?? '{}') as { tasks: Array<{ id: string; title: string; dueDate: string | null }> };
}

async function main(): Promise<void> {
  const db = await createTestDatabase();
  const llm = await startScriptedLlmServer();
  try {
    const { app } = buildAssistantApp({ database: db.database, databaseUrl: db.url, llmUrl: llm.url });
    const { token, userId } = await signUp(app, 'transcript@example.com');

    llm.push(
      llmReply.toolCalls([
        { name: 'add_task', arguments: { title: 'Buy milk', priority: 'high' } },
        { name: 'add_task', arguments: { title: 'Call the plumber', dueDate: '2026-11-27T09:00:00Z' } },
      ]),
      llmReply.text('Added "Buy milk" (high priority) and "Call the plumber" (due tomorrow at 09:00).'),
      llmReply.toolCall('list_tasks', { q: 'milk' }),
      (sent) => llmReply.toolCall('complete_task', { id: lastToolResult(sent).tasks[0]?.id }),
      llmReply.text('Marked "Buy milk" as done.'),
      llmReply.toolCall('list_tasks', { status: 'active' }),
      (sent) => {
        const open = lastToolResult(sent).tasks;
        return llmReply.text(`You have ${open.length} open task: ${open.map((t) => `"${t.title}" (due ${t.dueDate})`).join(', ')}.`);
      },
    );

    let conversationId: string | undefined;
    for (const message of ['Add buy milk, high priority, and call the plumber tomorrow at 9', 'Mark the milk task done', "What's left?"]) {
      const before = llm.requests.length;
      const response = await request(app)
        .post('/api/v1/chat')
        .set('authorization', `Bearer ${token}`)
        .send({ message, ...(conversationId ? { conversationId } : {}) });
      const body = response.body as ChatResponse;
      conversationId = body.conversationId;
      console.log(`\nuser: ${message}`);
      for (const call of body.toolCalls) {
        console.log(`  tool ${call.name}(${JSON.stringify(call.arguments)})`);
        console.log(`    -> ${JSON.stringify('error' in call ? { error: call.error } : call.result)}`);
      }
      console.log(`assistant: ${body.reply}`);
      console.log(
        `  [HTTP ${response.status}; ${llm.requests.length - before} model requests; the last one carried ${llm.requests.at(-1)?.body.messages.length} messages]`,
      );
    }

    const rows = await db.prisma.task.findMany({
      where: { userId },
      orderBy: { createdAt: 'asc' },
      select: { title: true, completed: true, priority: true, dueDate: true },
    });
    console.log('\ntasks rows:');
    console.table(rows.map((row) => ({ ...row, dueDate: row.dueDate?.toISOString() ?? null })));
    const stored = await db.prisma.message.groupBy({ by: ['role'], where: { conversationId }, _count: true });
    console.log('stored messages by role:', Object.fromEntries(stored.map((s) => [s.role, s._count])));
  } finally {
    await llm.close();
    await db.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
