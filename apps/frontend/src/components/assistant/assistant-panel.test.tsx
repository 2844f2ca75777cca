import type { ChatResponse } from '@todo/contracts';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ApiError } from '../../lib/api/api-error';
import { browserApi } from '../../lib/api/browser';
import { AssistantPanel } from './assistant-panel';

const refresh = jest.fn();
jest.mock('next/navigation', () => ({ useRouter: () => ({ refresh, replace: jest.fn() }) }));
jest.mock('../../lib/api/browser', () => ({
  browserApi: { chat: jest.fn(), listConversations: jest.fn(), listMessages: jest.fn() },
}));
const api = jest.mocked(browserApi);

const conversationId = 'c0000000-0000-4000-8000-000000000001';
const conversation = { id: conversationId, title: 'Groceries', createdAt: '2026-11-25T10:00:00.000Z', updatedAt: '2026-11-25T10:00:00.000Z' };

beforeEach(() => {
  jest.clearAllMocks();
  api.listConversations.mockResolvedValue({ items: [conversation] });
});

describe('AssistantPanel', () => {
  it('when the assistant adds a task, then the reply and an "added task" chip show and the board refreshes', async () => {
    const response: ChatResponse = {
      conversationId,
      reply: 'Added “Buy milk” to your list.',
      toolCalls: [{ name: 'add_task', arguments: { title: 'Buy milk' }, result: { id: 't1', title: 'Buy milk' } }],
    };
    api.chat.mockResolvedValue(response);
    render(<AssistantPanel initialConversations={[]} />);

    await userEvent.type(screen.getByLabelText('Message the assistant'), 'Add a task to buy milk{Enter}');

    expect(api.chat).toHaveBeenCalledWith({ message: 'Add a task to buy milk' });
    const messages = await screen.findByRole('list', { name: 'Messages' });
    expect(await within(messages).findByText('Added “Buy milk” to your list.')).toBeInTheDocument();
    expect(within(messages).getByText('added task: Buy milk')).toBeInTheDocument();
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(await screen.findByRole('button', { name: 'Groceries' })).toHaveAttribute('aria-current', 'true');
  });

  it('when the turn continues a conversation and changes nothing, then the id is sent and the board is left alone', async () => {
    api.listMessages.mockResolvedValue({ items: [] });
    api.chat.mockResolvedValue({ conversationId, reply: 'You have 2 tasks.', toolCalls: [{ name: 'list_tasks', arguments: {}, result: { items: [{}, {}] } }] });
    render(<AssistantPanel initialConversations={[conversation]} />);

    await userEvent.click(screen.getByRole('button', { name: 'Groceries' }));
    await userEvent.type(screen.getByLabelText('Message the assistant'), 'What is on my list?');
    await userEvent.click(screen.getByRole('button', { name: 'Send' }));

    expect(api.chat).toHaveBeenCalledWith({ message: 'What is on my list?', conversationId });
    expect(await screen.findByText('found 2 tasks')).toBeInTheDocument();
    expect(refresh).not.toHaveBeenCalled();
  });

  it('when the assistant is not configured, then a clear notice shows and the message is kept', async () => {
    api.chat.mockRejectedValue(
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
    api.listMessages.mockResolvedValue({
      items: [
        { id: 'c0000000-0000-4000-8000-0000000000a1', role: 'user', content: 'Add bread', toolCalls: null, createdAt: '2026-11-25T10:00:00.000Z' },
        {
          id: 'c0000000-0000-4000-8000-0000000000a2',
          role: 'assistant',
          content: '',
          toolCalls: [{ name: 'add_task', arguments: { title: 'Bread' } }],
          createdAt: '2026-11-25T10:00:01.000Z',
        },
        { id: 'c0000000-0000-4000-8000-0000000000a3', role: 'tool', content: '{"id":"t"}', toolCalls: null, createdAt: '2026-11-25T10:00:02.000Z' },
        { id: 'c0000000-0000-4000-8000-0000000000a4', role: 'assistant', content: 'Done.', toolCalls: null, createdAt: '2026-11-25T10:00:03.000Z' },
      ],
    });
    render(<AssistantPanel initialConversations={[conversation]} />);

    await userEvent.click(screen.getByRole('button', { name: 'Groceries' }));

    const messages = await screen.findByRole('list', { name: 'Messages' });
    expect(Array.from(messages.children, (item) => item.textContent)).toEqual(['You:Add bread', 'Assistant:Done.added task: Bread']);
  });

  it('when loading a conversation fails, then the error is shown', async () => {
    api.listMessages.mockRejectedValue(new ApiError(404, 'not_found', 'Conversation not found'));
    render(<AssistantPanel initialConversations={[conversation]} />);

    await userEvent.click(screen.getByRole('button', { name: 'Groceries' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('Could not load this conversation: Conversation not found');
  });
});
