import { markdownTable, targetTable, verdict, type TargetCheck } from './report';

const p99: TargetCheck = { name: 'p99', value: 12.5, unit: 'ms', kind: 'max', limit: 50 };

describe('verdict', () => {
  it('when a max figure is below its limit, then it is met', () => {
    expect(verdict(p99)).toBe('met');
  });

  it('when a max figure equals its limit, then it is missed', () => {
    expect(verdict({ ...p99, value: 50 })).toBe('MISSED');
  });

  it('when a min figure equals its limit, then it is met', () => {
    expect(verdict({ name: 'ratio', value: 60, unit: '%', kind: 'min', limit: 60 })).toBe('met');
  });

  it('when an at-most figure equals its limit, then it is met', () => {
    expect(verdict({ name: 'cpu', value: 1.6, unit: '×', kind: 'atMost', limit: 1.6 })).toBe('met');
    expect(verdict({ name: 'cpu', value: 1.61, unit: '×', kind: 'atMost', limit: 1.6 })).toBe('MISSED');
  });

  it('when there is no value, then it is not measured', () => {
    expect(verdict({ ...p99, value: null })).toBe('not measured');
  });
});

describe('markdownTable', () => {
  it('when cells differ in width, then every column is padded to its widest cell', () => {
    expect(
      markdownTable([
        ['a', 'bb'],
        ['ccc', 'd'],
      ]),
    ).toBe('| a   | bb |\n|-----|----|\n| ccc | d  |');
  });
});

describe('targetTable', () => {
  it('when a figure is missing, then its note stands in for the value', () => {
    const table = targetTable([{ ...p99, value: null, note: 'not built' }]);
    expect(table.split('\n')[2]).toBe('| p99    | not built | < 50.0 ms | not measured |');
  });
});
