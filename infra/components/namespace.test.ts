import { inputsOf, recordResources } from '../testing/mocks';
import { Namespace } from './namespace';

describe('Namespace', () => {
  it('when built, then the namespace carries the stack labels and enforces the restricted pod security profile', async () => {
    const records = await recordResources(() => new Namespace('todo', { name: 'todo-app', instance: 'dev', environment: 'dev' }));
    expect(inputsOf(records, 'todo-namespace').metadata).toEqual({
      name: 'todo-app',
      labels: {
        'app.kubernetes.io/part-of': 'todo',
        'app.kubernetes.io/instance': 'dev',
        'app.kubernetes.io/managed-by': 'pulumi',
        environment: 'dev',
        'pod-security.kubernetes.io/enforce': 'restricted',
        'pod-security.kubernetes.io/warn': 'restricted',
      },
    });
  });

  it.each([
    [undefined, false],
    [true, true],
  ])('when retainOnDelete is %s, then destroy keeps the namespace: %s', async (retainOnDelete, retained) => {
    const records = await recordResources(
      () => new Namespace('todo', { name: 'todo-app', instance: 'dev', environment: 'dev', retainOnDelete }),
    );
    expect(records.find((r) => r.name === 'todo-namespace')?.options.retainOnDelete).toBe(retained);
  });

  it('when two are built, then their Pulumi names and namespaces do not collide', async () => {
    const records = await recordResources(() => {
      new Namespace('a', { name: 'todo-a', instance: 'dev', environment: 'dev' });
      new Namespace('b', { name: 'todo-b', instance: 'dev', environment: 'dev' });
    });
    expect([inputsOf(records, 'a-namespace').metadata.name, inputsOf(records, 'b-namespace').metadata.name]).toEqual(['todo-a', 'todo-b']);
  });
});
