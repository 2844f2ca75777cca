import { groqErrorObject, parseFailedGeneration } from './failed-generation';

describe('parseFailedGeneration', () => {
  it.each([
    ['<function=add_task>{"title": "Buy milk"}</function>', [{ name: 'add_task', arguments: '{"title": "Buy milk"}' }]],
    ['<function=add_task={"title": "a}b"}</function>', [{ name: 'add_task', arguments: '{"title": "a}b"}' }]],
    ['list_tasks{"q": "milk"}</function>', [{ name: 'list_tasks', arguments: '{"q": "milk"}' }]],
    ['<function=undo_last_action></function>', [{ name: 'undo_last_action', arguments: '{}' }]],
    [
      '<function=add_task>{"title": "A"}</function>\n<function=add_task>{"title": "B"}</function>',
      [
        { name: 'add_task', arguments: '{"title": "A"}' },
        { name: 'add_task', arguments: '{"title": "B"}' },
      ],
    ],
    ['Tool use failed: JSON does not match the expected schema for tool calls', []],
    ['', []],
  ])('when the generation is %j, then the written calls are %j', (text, calls) => {
    expect(parseFailedGeneration(text)).toEqual(calls);
  });
});

describe('groqErrorObject', () => {
  it('when the body is the HTTP form or the in-stream form, then the inner error object is found', () => {
    const inner = { code: 'tool_use_failed', failed_generation: 'x' };
    expect(groqErrorObject({ error: inner })).toBe(inner);
    expect(groqErrorObject(inner)).toBe(inner);
    expect(groqErrorObject('nope')).toBeUndefined();
    expect(groqErrorObject({ message: 'no code' })).toBeUndefined();
  });
});
