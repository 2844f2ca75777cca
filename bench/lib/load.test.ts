import { combineRounds, type LoadResult } from './load';

const round = (requestsPerSecond: number, p50Ms: number, p99Ms: number, non2xx = 0): LoadResult => ({
  title: 'r',
  requestsPerSecond,
  p50Ms,
  p99Ms,
  requests: requestsPerSecond * 10,
  errors: 0,
  non2xx,
  statusCodes: { '200': requestsPerSecond * 10 - non2xx, ...(non2xx ? { '503': non2xx } : {}) },
});

describe('combineRounds', () => {
  it('when two rounds are combined, then throughput and p50 are averaged, p99 is the worst and counts add up', () => {
    expect(combineRounds('GET', [round(1000, 10, 30), round(2000, 20, 25, 4)])).toEqual({
      title: 'GET',
      requestsPerSecond: 1500,
      p50Ms: 15,
      p99Ms: 30,
      requests: 30000,
      errors: 0,
      non2xx: 4,
      statusCodes: { '200': 29996, '503': 4 },
    });
  });

  it('when there is no round, then it throws', () => {
    expect(() => combineRounds('GET', [])).toThrow('combineRounds needs at least one round');
  });
});
