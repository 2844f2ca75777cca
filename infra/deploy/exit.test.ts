import { exitWith } from './exit';

function recorder() {
  const calls: { exit: number[]; error: unknown[] } = { exit: [], error: [] };
  return { calls, io: { exit: (code: number) => calls.exit.push(code), error: (message: unknown) => calls.error.push(message) } };
}

describe('exitWith', () => {
  it.each([0, 2])('when the command resolves to %i, then the process exits with it and prints nothing', async (code) => {
    const { calls, io } = recorder();
    await exitWith(Promise.resolve(code), io);
    expect(calls).toEqual({ exit: [code], error: [] });
  });

  it('when the command throws an Error, then its stack is printed and the process exits 1', async () => {
    const { calls, io } = recorder();
    const error = new Error('no Docker daemon');
    await exitWith(Promise.reject(error), io);
    expect(calls).toEqual({ exit: [1], error: [error.stack] });
  });

  it('when the command rejects with something that is not an Error, then it is printed as is and the process exits 1', async () => {
    const { calls, io } = recorder();
    // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- what a non-Error throw looks like
    await exitWith(Promise.reject('gave up'), io);
    expect(calls).toEqual({ exit: [1], error: ['gave up'] });
  });
});
