import { parseWrapperArgs } from './args';

describe('parseWrapperArgs', () => {
  it.each([
    [[], {}, { stack: 'dev', passThrough: [], smoke: true }],
    [['--stack', 'prod', '--yes'], {}, { stack: 'prod', passThrough: ['--yes'], smoke: true }],
    [['--stack=prod', '--diff'], {}, { stack: 'prod', passThrough: ['--diff'], smoke: true }],
    [['-s', 'prod', '-y'], {}, { stack: 'prod', passThrough: ['-y'], smoke: true }],
    [['--yes'], { PULUMI_STACK: 'staging' }, { stack: 'staging', passThrough: ['--yes'], smoke: true }],
    [
      ['--target', 'urn:pulumi:dev::todo::x', '--stack', 'prod', '--refresh'],
      {},
      { stack: 'prod', passThrough: ['--target', 'urn:pulumi:dev::todo::x', '--refresh'], smoke: true },
    ],
    [
      ['--expect-no-changes', '--stack', 'prod'],
      { PULUMI_STACK: 'staging' },
      { stack: 'prod', passThrough: ['--expect-no-changes'], smoke: true },
    ],
    [['--no-smoke', '--yes', '--stack', 'prod'], {}, { stack: 'prod', passThrough: ['--yes'], smoke: false }],
  ])(
    'when the arguments are %j (env %j), then the stack, the pass-through flags (in order) and the smoke switch are split',
    (argv, env, expected) => {
      expect(parseWrapperArgs(argv, env)).toEqual(expected);
    },
  );
});
