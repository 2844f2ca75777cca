import { parseWrapperArgs } from './args';

describe('parseWrapperArgs', () => {
  it.each([
    [[], {}, { stack: 'dev', passThrough: [] }],
    [['--stack', 'prod', '--yes'], {}, { stack: 'prod', passThrough: ['--yes'] }],
    [['--stack=prod', '--diff'], {}, { stack: 'prod', passThrough: ['--diff'] }],
    [['-s', 'prod', '-y'], {}, { stack: 'prod', passThrough: ['-y'] }],
    [['--yes'], { PULUMI_STACK: 'staging' }, { stack: 'staging', passThrough: ['--yes'] }],
    [['--target', 'urn:pulumi:dev::todo::x', '--stack', 'prod', '--refresh'], {}, { stack: 'prod', passThrough: ['--target', 'urn:pulumi:dev::todo::x', '--refresh'] }],
    [['--expect-no-changes', '--stack', 'prod'], { PULUMI_STACK: 'staging' }, { stack: 'prod', passThrough: ['--expect-no-changes'] }],
  ])('when the arguments are %j (env %j), then the stack and the pass-through flags are split in order', (argv, env, expected) => {
    expect(parseWrapperArgs(argv, env)).toEqual(expected);
  });
});
