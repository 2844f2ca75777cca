import { startService } from './processes';

describe('startService', () => {
  it('when the command does not exist, then it throws naming it and the runner sees no uncaught spawn error', async () => {
    const uncaught: unknown[] = [];
    const record = (error: unknown) => uncaught.push(error);
    process.on('uncaughtException', record);
    try {
      expect(() => startService({ name: 'ghost', command: '/nonexistent/todo-ghost-binary', args: [], env: process.env })).toThrow(
        'ghost: could not start /nonexistent/todo-ghost-binary',
      );
      // The spawn failure is emitted on a later tick; give it a few.
      await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      process.off('uncaughtException', record);
    }
    expect(uncaught).toEqual([]);
  });

  it('when the process runs and is stopped, then exited gives the signal and the output is kept', async () => {
    const service = startService({
      name: 'sleeper',
      command: process.execPath,
      args: ['-e', "console.log('up'); setInterval(() => {}, 1000)"],
      env: process.env,
    });
    await new Promise((resolve) => setTimeout(resolve, 300));

    expect(await service.stop('SIGTERM')).toBe('SIGTERM');
    expect(service.output()).toContain('up');
  });
});
