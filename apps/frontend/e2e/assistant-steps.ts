/**
 * The browser suite's assistant steps beyond "add a task": a streamed three-tool turn (first words
 * and each chip on screen before the final text, timed), Undo of an assistant delete from its chip,
 * and Stop mid-turn leaving a conversation that reloads cleanly. Each runs in its own test of
 * app.e2e.ts, for a person of that test's own, signed in, with the board and the assistant on screen.
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { llmReply } from '@todo/testkit/scripted-llm-server';
import { apiTasks } from './board-steps';
import type { Stack } from '@todo/system-test/stack';

/** How long the scripted model takes for each request of the turn: a slow but realistic provider. */
const MODEL_DELAY_MS = 700;

/**
 * Records, in the page, when each needle first appears in the assistant panel (ms after `start`),
 * watching every DOM change: what a person would see, not what the test polls.
 */
async function watchPanel(page: Page, needles: string[]): Promise<void> {
  // A string, not a function: tsx compiles functions with a `__name` helper the page does not have.
  await page.evaluate(`(() => {
    const watched = ${JSON.stringify(needles)};
    const seen = {};
    const panel = document.querySelector('.assistant');
    new MutationObserver(() => {
      const text = panel.textContent || '';
      for (const needle of watched) if (!(needle in seen) && text.includes(needle)) seen[needle] = performance.now();
    }).observe(panel, { subtree: true, childList: true, characterData: true });
    window.__seen = seen;
    window.__start = () => { window.__t0 = performance.now(); };
  })()`);
}

async function seenTimes(page: Page): Promise<Record<string, number>> {
  return page.evaluate<Record<string, number>>(
    `Object.fromEntries(Object.entries(window.__seen).map(([needle, at]) => [needle, Math.round(at - window.__t0)]))`,
  );
}

/** The thread of the assistant panel (the status region repeats some of its words for screen readers). */
const thread = (page: Page) => page.getByRole('list', { name: 'Messages' });

async function send(page: Page, message: string): Promise<void> {
  await page.getByLabel('Message the assistant').fill(message);
  await page.evaluate('window.__start && window.__start()');
  await page.getByLabel('Message the assistant').press('Enter');
}

/** A three-tool turn, streamed: returns the measured times (ms after Enter) for the report. */
export async function streamedThreeToolTurn(page: Page, stack: Stack): Promise<{ firstWordsMs: number; finalAnswerMs: number }> {
  const chips = ['added task: Pack bags', 'added task: Book taxi', 'added task: Print tickets'];
  stack.llm.push(
    llmReply.delayed(
      MODEL_DELAY_MS,
      llmReply.toolCalls([{ name: 'add_task', arguments: { title: 'Pack bags' } }], 'Sure, adding three tasks. '),
    ),
    llmReply.delayed(MODEL_DELAY_MS, llmReply.toolCall('add_task', { title: 'Book taxi' })),
    llmReply.delayed(MODEL_DELAY_MS, llmReply.toolCall('add_task', { title: 'Print tickets' })),
    llmReply.delayed(MODEL_DELAY_MS, llmReply.streamedText(['All three ', 'are on ', 'your list now.'], 400)),
  );
  await watchPanel(page, ['Sure, adding', ...chips, 'All three', 'All three are on your list now.']);

  await send(page, 'Add pack bags, book taxi and print tickets');
  await thread(page).getByText('All three are on your list now.').waitFor({ timeout: 30_000 });
  await page.getByRole('checkbox', { name: 'Mark “Print tickets” as done' }).waitFor();

  const seen = await seenTimes(page);
  const firstWordsMs = seen['Sure, adding']!;
  const finalAnswerMs = seen['All three are on your list now.']!;
  // The first round's words and its tool call may land in one render; never after it.
  assert.ok(firstWordsMs <= seen[chips[0]!]!, `first words (${firstWordsMs} ms) by the first chip: ${JSON.stringify(seen)}`);
  for (const [index, chip] of chips.entries()) {
    assert.ok(seen[chip]! < seen['All three']!, `chip "${chip}" before the final text starts: ${JSON.stringify(seen)}`);
    if (index > 0) assert.ok(seen[chips[index - 1]!]! < seen[chip]!, `chips in order: ${JSON.stringify(seen)}`);
  }
  // The final text itself arrives in pieces: its first words are on screen before its end.
  assert.ok(seen['All three']! < finalAnswerMs, `final text streams: ${JSON.stringify(seen)}`);
  assert.ok(firstWordsMs < finalAnswerMs - 2 * MODEL_DELAY_MS, `first words well before the end: ${JSON.stringify(seen)}`);
  return { firstWordsMs, finalAnswerMs };
}

/** The assistant deletes `target` (on the board); Undo on its chip brings it back with the same id. */
export async function undoAssistantDelete(page: Page, stack: Stack, target: { id: string; title: string }) {
  stack.llm.push(llmReply.toolCall('delete_task', { id: target.id }), llmReply.text(`Deleted “${target.title}”.`));

  await send(page, `Delete ${target.title.toLowerCase()}`);
  await thread(page).getByText(`Deleted “${target.title}”.`).waitFor();
  await page.getByRole('checkbox', { name: `Mark “${target.title}” as done` }).waitFor({ state: 'detached' });

  await page.getByRole('button', { name: `Undo deleted task: ${target.title}` }).click();

  await page
    .locator('.chip-undone', { hasText: `deleted task: ${target.title}` })
    .getByText('undone')
    .waitFor();
  await page.getByRole('checkbox', { name: `Mark “${target.title}” as done` }).waitFor();
  assert.equal((await apiTasks(page)).find((task) => task.title === target.title)?.id, target.id);
}

/**
 * Stop after the first action of a slow turn: the conversation then reloads with that action and a
 * note. The message starts a new conversation, so it is also the conversation's title (under the
 * 60 characters a title is cut at).
 */
export async function stopMidTurn(page: Page, stack: Stack) {
  const message = 'Add water garden, then think about it for a long time';
  stack.llm.push(llmReply.toolCall('add_task', { title: 'Water garden' }), llmReply.delayed(20_000, llmReply.text('never shown')));

  await send(page, message);
  await thread(page).getByText('added task: Water garden').waitFor();
  await page.getByRole('button', { name: 'Stop' }).click();
  await thread(page).getByText('Stopped. The actions above were carried out.').waitFor();
  await page.getByRole('button', { name: 'Send' }).waitFor();

  const note = '(The assistant could not finish this reply: it was stopped before it finished. The tool calls above were carried out.)';
  // The backend stores the stopped turn (and, for a new conversation, the conversation itself)
  // once it sees the model request cut, a moment after the page shows "Stopped.". Reload as a
  // person would until the list has the conversation and what the server sends for it holds the
  // note: each round waits on the page (its load, its own request), never for a set time.
  const deadline = Date.now() + 15_000;
  for (;;) {
    await page.reload(); // the conversation list arrives with the page
    const listed = page.getByRole('button', { name: message });
    if ((await listed.count()) === 1) {
      const [answer] = await Promise.all([
        page.waitForResponse((response) => /^\/api\/v1\/conversations\/[^/]+\/messages$/.test(new URL(response.url()).pathname)),
        listed.click(),
      ]);
      const { items } = (await answer.json()) as { items: Array<{ content: string }> };
      if (items.some((stored) => stored.content === note)) break;
    }
    assert.ok(Date.now() < deadline, 'the stopped turn is stored within 15 s');
  }
  await thread(page).getByText(note).waitFor();
  const shown = await thread(page).innerText();
  assert.ok(shown.includes('added task: Water garden'), shown);
  assert.ok(shown.includes(note), shown);
  assert.equal(stack.llm.pending(), 0);
  await page.getByRole('checkbox', { name: 'Mark “Water garden” as done' }).waitFor();
}
