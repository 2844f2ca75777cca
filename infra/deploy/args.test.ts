import { parseWrapperArgs } from './args';

describe('parseWrapperArgs', () => {
  it.each([
    [[], {}, { stack: 'dev', passThrough: [], smoke: true, policy: true }],
    [['--stack', 'prod', '--yes'], {}, { stack: 'prod', passThrough: ['--yes'], smoke: true, policy: true }],
    [['--stack=prod', '--diff'], {}, { stack: 'prod', passThrough: ['--diff'], smoke: true, policy: true }],
    [['-s', 'prod', '-y'], {}, { stack: 'prod', passThrough: ['-y'], smoke: true, policy: true }],
    [['--yes'], { PULUMI_STACK: 'staging' }, { stack: 'staging', passThrough: ['--yes'], smoke: true, policy: true }],
    [
      ['--target', 'urn:pulumi:dev::todo::x', '--stack', 'prod', '--refresh'],
      {},
      { stack: 'prod', passThrough: ['--target', 'urn:pulumi:dev::todo::x', '--refresh'], smoke: true, policy: true },
    ],
    [
      ['--expect-no-changes', '--stack', 'prod'],
      { PULUMI_STACK: 'staging' },
      { stack: 'prod', passThrough: ['--expect-no-changes'], smoke: true, policy: true },
    ],
    [['--no-smoke', '--yes', '--stack', 'prod'], {}, { stack: 'prod', passThrough: ['--yes'], smoke: false, policy: true }],
    [['--yes', '--no-policy', '--no-smoke'], {}, { stack: 'dev', passThrough: ['--yes'], smoke: false, policy: false }],
    [['--no-policy', '--policy-pack', 'other'], {}, { stack: 'dev', passThrough: ['--policy-pack', 'other'], smoke: true, policy: false }],
  ])(
    'when the arguments are %j (env %j), then the stack, the pass-through flags (in order) and the smoke and policy switches are split',
    (argv, env, expected) => {
      expect(parseWrapperArgs(argv, env)).toEqual(expected);
    },
  );
});
