import type { ChatStreamEvent, ToolCall } from '@todo/contracts';
import { act, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ApiError } from '../../lib/api/api-error';
import { browserApi } from '../../lib/api/browser';
import { connectionLost } from '../../lib/api/chat-stream';
import { AssistantPanel } from './assistant-panel';
import { addMilk, conversation, conversationId, milkTask } from '../testing/fixtures';

const refresh = jest.fn();
jest.mock('next/navigation', () => ({ useRouter: () => ({ refresh, replace: jest.fn() }) }));
jest.mock('../../lib/api/browser', () => ({
  browserApi: { streamChat: jest.fn(), listConversations: jest.fn(), listMessages: jest.fn(), undoToolCall: jest.fn() },
}));
const api = jest.mocked(browserApi);

/** A stream the test plays step by step: `emit` hands an event to the panel, `finish` ends the stream. */
function scriptedStream() {
  let onEvent: (event: ChatStreamEvent) => void = () => undefined;
  let signal: AbortSignal | undefined;
  let finish!: () => void;
  let fail!: (error: unknown) => void;
  api.streamChat.mockImplementation((_input, handler, abortSignal) => {
    onEvent = handler;
    signal = abortSignal;
    return new Promise<void>((resolve, reject) => {
      finish = resolve;
      fail = reject;
      abortSignal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
    });
  });
  return {
    emit: (event: ChatStreamEvent) =>
      act(async () => {
        onEvent(event);
      }),
    finish: () =>
      act(async () => {
        finish();
      }),
    fail: (error: unknown) =>
      act(async () => {
        fail(error);
      }),
    signal: () => signal,
  };
}

beforeEach(() => {
  jest.clearAllMocks();
  api.listConversations.mockResolvedValue({ items: [conversation] });
});

describe('AssistantPanel', () => {
  it('when the reply streams in, then words and the chip show as they arrive and the board refreshes when the tool ran', async () => {
    const stream = scriptedStream();
    render(<AssistantPanel initialConversations={[]} />);
    await userEvent.type(screen.getByLabelText('Message the assistant'), 'Add a task to buy milk{Enter}');

    await stream.emit({ event: 'start', data: { conversationId } });
    await stream.emit({ event: 'delta', data: { text: 'Sure, ' } });
    const messages = screen.getByRole('list', { name: 'Messages' });
    expect(within(messages).getByText('Sure,')).toBeInTheDocument();
    expect(refresh).not.toHaveBeenCalled();

    await stream.emit({ event: 'tool_call', data: addMilk });
    expect(within(messages).getByText('added task: Buy milk')).toBeInTheDocument();
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(screen.getByRole('status')).toHaveTextContent('added task: Buy milk');

    await stream.emit({ event: 'delta', data: { text: 'added “Buy milk”.' } });
    await stream.emit({ event: 'done', data: { conversationId, reply: 'Sure, added “Buy milk”.', toolCalls: [addMilk] } });
    await stream.finish();

    expect(api.streamChat).toHaveBeenCalledWith({ message: 'Add a task to buy milk' }, expect.any(Function), expect.any(AbortSignal));
    expect(within(messages).getByText('Sure, added “Buy milk”.')).toBeInTheDocument();
    expect(screen.getByRole('status')).toHaveTextContent('The assistant answered: Sure, added “Buy milk”.');
    // The token text is announced once at the end, not as it streams: the list itself is not live.
    expect(messages).not.toHaveAttribute('aria-live');
    expect(await screen.findByRole('button', { name: 'Groceries' })).toHaveAttribute('aria-current', 'true');
  });

  it('when the turn continues a conversation and changes nothing, then the id is sent and the board is left alone', async () => {
    api.listMessages.mockResolvedValue({ items: [] });
    const stream = scriptedStream();
    render(<AssistantPanel initialConversations={[conversation]} />);
    await userEvent.click(screen.getByRole('button', { name: 'Groceries' }));
    await userEvent.type(screen.getByLabelText('Message the assistant'), 'What is on my list?');
    await userEvent.click(screen.getByRole('button', { name: 'Send' }));

    const listed: ToolCall = { id: 'call-2', name: 'list_tasks', arguments: {}, result: { tasks: [milkTask, milkTask], nextCursor: null } };
    await stream.emit({ event: 'start', data: { conversationId } });
    await stream.emit({ event: 'tool_call', data: listed });
    await stream.emit({ event: 'done', data: { conversationId, reply: 'You have 2 tasks.', toolCalls: [listed] } });
    await stream.finish();

    expect(api.streamChat).toHaveBeenCalledWith(
      { message: 'What is on my list?', conversationId },
      expect.any(Function),
      expect.any(AbortSignal),
    );
    expect(screen.getByText('found 2 tasks')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /^Undo/ })).not.toBeInTheDocument();
    expect(refresh).not.toHaveBeenCalled();
  });

  it('when Stop is pressed before any tool ran, then the turn ends, nothing stays in the thread and the message returns', async () => {
    const stream = scriptedStream();
    render(<AssistantPanel initialConversations={[]} />);
    await userEvent.type(screen.getByLabelText('Message the assistant'), 'Plan my week{Enter}');
    await stream.emit({ event: 'start', data: { conversationId } });
    await stream.emit({ event: 'delta', data: { text: 'Let me think' } });

    await userEvent.click(screen.getByRole('button', { name: 'Stop' }));

    expect(stream.signal()?.aborted).toBe(true);
    expect(await screen.findByText(/Ask me to add/)).toBeInTheDocument();
    expect(screen.getByLabelText('Message the assistant')).toHaveValue('Plan my week');
    expect(screen.getByRole('status')).toHaveTextContent('Stopped.');
    expect(screen.queryByRole('button', { name: 'Stop' })).not.toBeInTheDocument();
  });

  it('when Escape is pressed in the composer after a tool ran, then the turn stops and keeps its chips', async () => {
    const stream = scriptedStream();
    render(<AssistantPanel initialConversations={[]} />);
    await userEvent.type(screen.getByLabelText('Message the assistant'), 'Add milk then think{Enter}');
    await stream.emit({ event: 'start', data: { conversationId } });
    await stream.emit({ event: 'tool_call', data: addMilk });

    await userEvent.type(screen.getByLabelText('Message the assistant'), '{Escape}');

    expect(stream.signal()?.aborted).toBe(true);
    expect(await screen.findByText('Stopped. The actions above were carried out.')).toBeInTheDocument();
    expect(screen.getByText('added task: Buy milk')).toBeInTheDocument();
  });

  it("when a new conversation's turn fails before any tool ran, then the turn is forgotten, the message returns and the next one starts a new conversation", async () => {
    const started = 'c0000000-0000-4000-8000-000000000002';
    const stream = scriptedStream();
    render(<AssistantPanel initialConversations={[conversation]} />);
    await userEvent.type(screen.getByLabelText('Message the assistant'), 'Plan my week{Enter}');
    await stream.emit({ event: 'start', data: { conversationId: started } });
    await stream.emit({ event: 'delta', data: { text: 'Let me' } });

    await stream.emit({
      event: 'error',
      data: { error: { code: 'llm_timeout', message: 'The assistant took too long to answer; try again' } },
    });
    await stream.finish();

    // The backend stored nothing of the turn, not even the conversation the start event named.
    expect(screen.getByRole('alert')).toHaveTextContent('The assistant took too long to answer; try again');
    expect(screen.queryByRole('list', { name: 'Messages' })).not.toBeInTheDocument();
    expect(screen.getByLabelText('Message the assistant')).toHaveValue('Plan my week');
    expect(screen.getByRole('button', { name: 'New conversation' })).toHaveAttribute('aria-pressed', 'true');
    expect(api.listConversations).not.toHaveBeenCalled();

    scriptedStream();
    await userEvent.click(screen.getByRole('button', { name: 'Send' }));
    expect(api.streamChat).toHaveBeenLastCalledWith({ message: 'Plan my week' }, expect.any(Function), expect.any(AbortSignal));
  });

  it("when the connection breaks after the error event, then the error event's message stays", async () => {
    const stream = scriptedStream();
    render(<AssistantPanel initialConversations={[]} />);
    await userEvent.type(screen.getByLabelText('Message the assistant'), 'Plan my week{Enter}');
    await stream.emit({ event: 'start', data: { conversationId } });

    await stream.emit({
      event: 'error',
      data: { error: { code: 'llm_timeout', message: 'The assistant took too long to answer; try again' } },
    });
    await stream.fail(connectionLost());

    expect(screen.getByRole('alert')).toHaveTextContent('The assistant took too long to answer; try again');
    expect(screen.getByLabelText('Message the assistant')).toHaveValue('Plan my week');
  });

  it("when a continued conversation's turn fails before any tool ran, then that conversation stays open and the message returns", async () => {
    api.listMessages.mockResolvedValue({ items: [] });
    const stream = scriptedStream();
    render(<AssistantPanel initialConversations={[conversation]} />);
    await userEvent.click(screen.getByRole('button', { name: 'Groceries' }));
    await userEvent.type(screen.getByLabelText('Message the assistant'), 'And eggs?{Enter}');
    await stream.emit({ event: 'start', data: { conversationId } });

    await stream.emit({
      event: 'error',
      data: { error: { code: 'llm_bad_gateway', message: 'The assistant provider failed to answer; try again later' } },
    });
    await stream.finish();

    expect(screen.getByRole('alert')).toHaveTextContent('The assistant provider failed to answer; try again later');
    expect(screen.queryByRole('list', { name: 'Messages' })).not.toBeInTheDocument();
    expect(screen.getByLabelText('Message the assistant')).toHaveValue('And eggs?');
    expect(screen.getByRole('button', { name: 'Groceries' })).toHaveAttribute('aria-current', 'true');
  });

  it("when a new conversation's turn fails after a tool ran, then the stored conversation stays open with its chips and the next message continues it", async () => {
    const started = 'c0000000-0000-4000-8000-000000000002';
    api.listConversations.mockResolvedValue({ items: [{ ...conversation, id: started, title: 'Add milk then plan' }, conversation] });
    const stream = scriptedStream();
    render(<AssistantPanel initialConversations={[conversation]} />);
    await userEvent.type(screen.getByLabelText('Message the assistant'), 'Add milk then plan{Enter}');
    await stream.emit({ event: 'start', data: { conversationId: started } });
    await stream.emit({ event: 'tool_call', data: addMilk });

    await stream.emit({
      event: 'error',
      data: { error: { code: 'llm_timeout', message: 'The assistant took too long to answer; try again' } },
    });
    await stream.finish();

    expect(screen.getByRole('alert')).toHaveTextContent('The assistant took too long to answer; try again');
    const messages = screen.getByRole('list', { name: 'Messages' });
    expect(within(messages).getByText('Add milk then plan')).toBeInTheDocument();
    expect(within(messages).getByText('added task: Buy milk')).toBeInTheDocument();
    expect(screen.getByLabelText('Message the assistant')).toHaveValue('');
    expect(await screen.findByRole('button', { name: 'Add milk then plan' })).toHaveAttribute('aria-current', 'true');

    scriptedStream();
    await userEvent.type(screen.getByLabelText('Message the assistant'), 'Go on{Enter}');
    expect(api.streamChat).toHaveBeenLastCalledWith(
      { message: 'Go on', conversationId: started },
      expect.any(Function),
      expect.any(AbortSignal),
    );
  });

  it("when the stream ends with neither done nor error, then the chat stream's connection-lost error shows and the message returns", async () => {
    const stream = scriptedStream();
    render(<AssistantPanel initialConversations={[]} />);
    await userEvent.type(screen.getByLabelText('Message the assistant'), 'Plan my week{Enter}');
    await stream.emit({ event: 'start', data: { conversationId } });

    await stream.finish();

    expect(screen.getByRole('alert')).toHaveTextContent(connectionLost().message);
    expect(screen.getByLabelText('Message the assistant')).toHaveValue('Plan my week');
  });

  it('when another conversation is opened mid-turn, then the turn is aborted and the rest of it is ignored', async () => {
    api.listMessages.mockResolvedValue({ items: [] });
    const stream = scriptedStream();
    render(<AssistantPanel initialConversations={[conversation]} />);
    await userEvent.type(screen.getByLabelText('Message the assistant'), 'Plan my week{Enter}');
    await stream.emit({ event: 'start', data: { conversationId: 'c0000000-0000-4000-8000-000000000002' } });
    await stream.emit({ event: 'delta', data: { text: 'Let me think' } });

    await userEvent.click(screen.getByRole('button', { name: 'Groceries' }));

    expect(stream.signal()?.aborted).toBe(true);
    expect(screen.getByRole('button', { name: 'Groceries' })).toHaveAttribute('aria-current', 'true');
    expect(await screen.findByText(/Ask me to add/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Stop' })).not.toBeInTheDocument();
    expect(screen.getByLabelText('Message the assistant')).toHaveValue('');
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('when Undo is pressed on a chip, then that call is undone, the chip says so and the board refreshes', async () => {
    const stream = scriptedStream();
    api.undoToolCall.mockResolvedValue({
      undone: { toolCallId: 'call-1', name: 'add_task', task: { id: milkTask.id, title: 'Buy milk' } },
    });
    render(<AssistantPanel initialConversations={[]} />);
    await userEvent.type(screen.getByLabelText('Message the assistant'), 'Add milk{Enter}');
    await stream.emit({ event: 'start', data: { conversationId } });
    await stream.emit({ event: 'done', data: { conversationId, reply: 'Added.', toolCalls: [addMilk] } });
    await stream.finish();
    refresh.mockClear();

    await userEvent.click(screen.getByRole('button', { name: 'Undo added task: Buy milk' }));

    expect(api.undoToolCall).toHaveBeenCalledWith(conversationId, 'call-1');
    expect(await screen.findByText('undone')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Undo added task: Buy milk' })).not.toBeInTheDocument();
    expect(refresh).toHaveBeenCalledTimes(1);
  });

  it('when the task changed since, then the undo conflict is shown and Undo stays available', async () => {
    api.listMessages.mockResolvedValue({
      items: [
        {
          id: 'c0000000-0000-4000-8000-0000000000a1',
          role: 'user',
          content: 'Add milk',
          toolCalls: null,
          createdAt: '2026-11-25T10:00:00.000Z',
        },
        {
          id: 'c0000000-0000-4000-8000-0000000000a2',
          role: 'assistant',
          content: 'Added.',
          toolCalls: [addMilk],
          createdAt: '2026-11-25T10:00:01.000Z',
        },
      ],
    });
    api.undoToolCall.mockRejectedValue(
      new ApiError(409, 'conflict', "Task “Buy milk” changed after the assistant's action (title); undoing it would overwrite that"),
    );
    render(<AssistantPanel initialConversations={[conversation]} />);
    await userEvent.click(screen.getByRole('button', { name: 'Groceries' }));

    await userEvent.click(await screen.findByRole('button', { name: 'Undo added task: Buy milk' }));

    expect(await screen.findByRole('alert')).toHaveTextContent(
      "Could not undo: Task “Buy milk” changed after the assistant's action (title); undoing it would overwrite that",
    );
    expect(screen.getByRole('button', { name: 'Undo added task: Buy milk' })).toBeEnabled();
  });

  it('when the assistant is not configured, then a clear notice shows and the message is kept', async () => {
    api.streamChat.mockRejectedValue(
      new ApiError(503, 'llm_unavailable', 'The assistant is not configured: set GROQ_API_KEY and LLM_PROVIDER=groq.'),
    );
    render(<AssistantPanel initialConversations={[]} />);

    await userEvent.type(screen.getByLabelText('Message the assistant'), 'Hello{Enter}');

    expect(await screen.findByText(/The assistant is not available\./)).toBeInTheDocument();
    expect(screen.getByText(/set GROQ_API_KEY and LLM_PROVIDER=groq\./)).toBeInTheDocument();
    expect(screen.getByLabelText('Message the assistant')).toHaveValue('Hello');
    expect(screen.queryByRole('list', { name: 'Messages' })).not.toBeInTheDocument();
  });

  it('when a past conversation is opened, then its messages show with the chips of the tools it ran', async () => {
    const deleted: ToolCall = {
      id: 'call-9',
      name: 'delete_task',
      arguments: { id: 'x' },
      result: { deleted: { id: 'x', title: 'Bread' } },
      undone: true,
    };
    api.listMessages.mockResolvedValue({
      items: [
        {
          id: 'c0000000-0000-4000-8000-0000000000a1',
          role: 'user',
          content: 'Delete bread',
          toolCalls: null,
          createdAt: '2026-11-25T10:00:00.000Z',
        },
        {
          id: 'c0000000-0000-4000-8000-0000000000a2',
          role: 'assistant',
          content: '',
          toolCalls: [deleted],
          createdAt: '2026-11-25T10:00:01.000Z',
        },
        {
          id: 'c0000000-0000-4000-8000-0000000000a3',
          role: 'tool',
          content: '{}',
          toolCalls: [deleted],
          createdAt: '2026-11-25T10:00:02.000Z',
        },
        {
          id: 'c0000000-0000-4000-8000-0000000000a4',
          role: 'assistant',
          content: 'Done.',
          toolCalls: null,
          createdAt: '2026-11-25T10:00:03.000Z',
        },
      ],
    });
    render(<AssistantPanel initialConversations={[conversation]} />);

    await userEvent.click(screen.getByRole('button', { name: 'Groceries' }));

    const messages = await screen.findByRole('list', { name: 'Messages' });
    expect(Array.from(messages.children, (item) => item.textContent)).toEqual([
      'You:Delete bread',
      'Assistant:Done.deleted task: Breadundone',
    ]);
  });

  it('when loading a conversation fails, then the error is shown', async () => {
    api.listMessages.mockRejectedValue(new ApiError(404, 'not_found', 'Conversation not found'));
    render(<AssistantPanel initialConversations={[conversation]} />);

    await userEvent.click(screen.getByRole('button', { name: 'Groceries' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('Could not load this conversation: Conversation not found');
  });
});
