import { parseWrapperArgs } from './args';

describe('parseWrapperArgs', () => {
  it.each([
    [[], {}, { stack: 'dev', passThrough: [], smoke: true, policy: true, watch: false }],
    [['--stack', 'prod', '--yes'], {}, { stack: 'prod', passThrough: ['--yes'], smoke: true, policy: true, watch: false }],
    [['--stack=prod', '--diff'], {}, { stack: 'prod', passThrough: ['--diff'], smoke: true, policy: true, watch: false }],
    [['-s', 'prod', '-y'], {}, { stack: 'prod', passThrough: ['-y'], smoke: true, policy: true, watch: false }],
    [['--yes'], { PULUMI_STACK: 'staging' }, { stack: 'staging', passThrough: ['--yes'], smoke: true, policy: true, watch: false }],
    [
      ['--target', 'urn:pulumi:dev::todo::x', '--stack', 'prod', '--refresh'],
      {},
      { stack: 'prod', passThrough: ['--target', 'urn:pulumi:dev::todo::x', '--refresh'], smoke: true, policy: true, watch: false },
    ],
    [
      ['--expect-no-changes', '--stack', 'prod'],
      { PULUMI_STACK: 'staging' },
      { stack: 'prod', passThrough: ['--expect-no-changes'], smoke: true, policy: true, watch: false },
    ],
    [['--no-smoke', '--yes', '--stack', 'prod'], {}, { stack: 'prod', passThrough: ['--yes'], smoke: false, policy: true, watch: false }],
    [['--yes', '--no-policy', '--no-smoke'], {}, { stack: 'dev', passThrough: ['--yes'], smoke: false, policy: false, watch: false }],
    [
      ['--no-policy', '--policy-pack', 'other'],
      {},
      { stack: 'dev', passThrough: ['--policy-pack', 'other'], smoke: true, policy: false, watch: false },
    ],
    [['--watch', '--stack', 'prod'], {}, { stack: 'prod', passThrough: [], smoke: true, policy: true, watch: true }],
    [['--diff', '--watch', '--no-smoke'], {}, { stack: 'dev', passThrough: ['--diff'], smoke: false, policy: true, watch: true }],
  ])(
    'when the arguments are %j (env %j), then the stack, the pass-through flags (in order) and the smoke, policy and watch switches are split',
    (argv, env, expected) => {
      expect(parseWrapperArgs(argv, env)).toEqual(expected);
    },
  );
});
