import { appLabels, selectorLabels, stackLabels } from './labels';

describe('appLabels', () => {
  it.each([
    [
      'when a version is given, then it is the app.kubernetes.io/version label',
      { app: 'backend', component: 'api', tier: 'backend', instance: 'dev', environment: 'dev', version: 'abc123' },
      {
        'app.kubernetes.io/name': 'backend',
        'app.kubernetes.io/instance': 'dev',
        'app.kubernetes.io/component': 'api',
        'app.kubernetes.io/part-of': 'todo',
        'app.kubernetes.io/managed-by': 'pulumi',
        'app.kubernetes.io/version': 'abc123',
        app: 'backend',
        component: 'api',
        tier: 'backend',
        environment: 'dev',
      },
    ],
    [
      'when no version is given, then there is no version label',
      { app: 'postgres', component: 'database', tier: 'database', instance: 'prod', environment: 'prod' },
      {
        'app.kubernetes.io/name': 'postgres',
        'app.kubernetes.io/instance': 'prod',
        'app.kubernetes.io/component': 'database',
        'app.kubernetes.io/part-of': 'todo',
        'app.kubernetes.io/managed-by': 'pulumi',
        app: 'postgres',
        component: 'database',
        tier: 'database',
        environment: 'prod',
      },
    ],
  ])('%s', (_title, input, expected) => {
    expect(appLabels(input)).toEqual(expected);
  });
});

describe('selectorLabels', () => {
  it('when built, then it holds only the name and instance, never the version', () => {
    expect(selectorLabels({ app: 'frontend', instance: 'dev' })).toEqual({
      'app.kubernetes.io/name': 'frontend',
      'app.kubernetes.io/instance': 'dev',
    });
  });
});

describe('stackLabels', () => {
  it('when built for a stack-wide object, then it carries part-of, instance, managed-by and environment only', () => {
    expect(stackLabels({ instance: 'prod', environment: 'prod' })).toEqual({
      'app.kubernetes.io/part-of': 'todo',
      'app.kubernetes.io/instance': 'prod',
      'app.kubernetes.io/managed-by': 'pulumi',
      environment: 'prod',
    });
  });
});
