import { formatWait } from './rate-limit';

describe('formatWait', () => {
  it.each([
    [1, '1 second'],
    [42, '42 seconds'],
    [59, '59 seconds'],
    [60, '1 minute'],
    [61, '2 minutes'],
    [900, '15 minutes'],
  ])('when the wait is %i s, then it reads "%s" (minutes rounded up)', (seconds, words) => {
    expect(formatWait(seconds)).toBe(words);
  });
});
