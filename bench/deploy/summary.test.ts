import { verdict } from '../lib/report';
import { deployTable, deployTargets, spread, type ScenarioResult } from './summary';

const run = (total: number, deploy: number, phases: ScenarioResult['samples'][number]['phases'] = {}) => ({ total, deploy, phases });

describe('spread', () => {
  it.each([
    [[3], { median: 3, min: 3, max: 3 }],
    [[5, 1, 3], { median: 3, min: 1, max: 5 }],
    [[4, 1, 3, 2], { median: 2.5, min: 1, max: 4 }],
  ])('when the runs took %j s, then the median and the range are %j', (values, expected) => {
    expect(spread(values)).toEqual(expected);
  });

  it('when nothing ran, then there is no spread', () => {
    expect(spread([])).toBeUndefined();
  });
});

describe('deployTargets', () => {
  const results: ScenarioResult[] = [
    { name: 'no-op', path: 'image reference', samples: [run(9, 9), run(7, 7), run(8, 8)] },
    {
      name: 'backend change',
      path: 'image reference',
      samples: [run(70, 20, { 'build backend': 50 }), run(60, 15, { 'build backend': 45 }), run(65, 10, { 'build backend': 55 })],
    },
  ];

  it('when a no-op median is 8 s, then the 8 s target is met (at most)', () => {
    const noOp = deployTargets(results).find((c) => c.name === 'no-op deploy');
    expect(noOp?.value).toBe(8);
    expect(noOp && verdict(noOp)).toBe('met');
  });

  it('when a change took its build plus 10-20 s, then the figure is the median of the loop minus the build, and it misses', () => {
    const backend = deployTargets(results).find((c) => c.name.startsWith('backend change'));
    expect(backend?.value).toBe(15);
    expect(backend && verdict(backend)).toBe('MISSED');
  });

  it('when a scenario did not run, then its target says not run instead of a figure', () => {
    const cold = deployTargets(results).find((c) => c.name.startsWith('cold'));
    expect([cold?.value, cold?.note, cold && verdict(cold)]).toEqual([null, 'not run', 'not measured']);
  });
});

describe('deployTable', () => {
  it('when runs differ, then a cell shows the median and the range; a phase that never ran shows a dash', () => {
    const table = deployTable([{ name: 'no-op', path: 'image reference', samples: [run(9, 9), run(7, 7), run(8, 8)] }]);
    const row = table.split('\n').find((line) => line.startsWith('| no-op'));
    expect(row).toContain('8.0 s (7.0-9.0)');
    expect(row).toContain('| -');
  });
});
