import type { LoadResult } from './load';
import { ratioTable } from './report';
import { alternateRounds, parseOtherBuilds, ratiosTo, requestFor, type Contender, type Scenario } from './side-by-side';

const load = (requestsPerSecond: number, p99Ms: number): LoadResult => ({
  title: 'x',
  requestsPerSecond,
  p50Ms: p99Ms / 2,
  p99Ms,
  requests: requestsPerSecond * 10,
  errors: 0,
  non2xx: 0,
  statusCodes: { '200': requestsPerSecond * 10 },
});

const list: Scenario = { title: 'GET /api/v1/tasks?limit=50', method: 'GET', path: '/api/v1/tasks?limit=50', token: 'reader' };
const create: Scenario = { title: 'POST /api/v1/tasks', method: 'POST', path: '/api/v1/tasks', body: '{"title":"t"}', token: 'writer' };
const backend: Contender = { name: 'backend', url: 'http://b', pid: 1, kind: 'backend' };
const baseline: Contender = { name: 'baseline', url: 'http://n', pid: 2, kind: 'baseline' };

describe('requestFor', () => {
  it('when the contender is the backend, then it gets the /api/v1 path and the scenario token', () => {
    expect(requestFor(create, backend)).toEqual({
      url: 'http://b/api/v1/tasks',
      method: 'POST',
      headers: { authorization: 'Bearer writer', 'content-type': 'application/json' },
      body: '{"title":"t"}',
    });
  });

  it('when the contender is the baseline, then it gets the bare path and no token', () => {
    expect(requestFor(list, baseline)).toEqual({ url: 'http://n/tasks?limit=50', method: 'GET', headers: {}, body: undefined });
  });

  it('when the contender is a frontend, then it gets the /api/v1 path, the session cookie and, on a write, the page origin', () => {
    const bff: Contender = { name: 'bff', url: 'http://f', pid: 3, kind: 'session' };
    expect(requestFor(list, bff).headers).toEqual({ cookie: 'todo_session=reader' });
    expect(requestFor(create, bff)).toEqual({
      url: 'http://f/api/v1/tasks',
      method: 'POST',
      headers: { cookie: 'todo_session=writer', origin: 'http://f', 'content-type': 'application/json' },
      body: '{"title":"t"}',
    });
  });

  it('when the scenario names a task, then each request takes the next one, on the path each contender serves', () => {
    const ids = ['a1', 'b2', 'c3'];
    let next = 0;
    const remove: Scenario = {
      title: 'DELETE',
      method: 'DELETE',
      path: '/api/v1/tasks/:id',
      token: 'writer',
      tasks: { next: () => ids[next++] ?? 'none' },
    };
    const onBackend = requestFor(remove, backend).pathFor;
    const onBaseline = requestFor(remove, baseline).pathFor;
    expect([onBackend?.(), onBaseline?.(), onBackend?.()]).toEqual(['/api/v1/tasks/a1', '/tasks/b2', '/api/v1/tasks/c3']);
  });
});

describe('alternateRounds', () => {
  it('when two rounds run, then contenders alternate within each scenario and CPU is charged per request', async () => {
    const order: string[] = [];
    const cpu: Record<number, number> = { 1: 0, 2: 0 };
    const measurements = await alternateRounds({
      rounds: 2,
      scenarios: [list, create],
      contenders: [backend, baseline],
      // Each run costs the backend 1,000 ms and the baseline 400 ms of CPU for 1,000 requests.
      runLoad: (target) => {
        order.push(target.url);
        const isBackend = target.url.startsWith('http://b');
        cpu[isBackend ? 1 : 2] = (cpu[isBackend ? 1 : 2] ?? 0) + (isBackend ? 1000 : 400);
        return Promise.resolve(load(100, isBackend ? 30 : 20));
      },
      readCpuMs: (pid) => cpu[pid] ?? null,
    });

    expect(order).toEqual([
      'http://b/api/v1/tasks?limit=50',
      'http://n/tasks?limit=50',
      'http://b/api/v1/tasks',
      'http://n/tasks',
      'http://b/api/v1/tasks?limit=50',
      'http://n/tasks?limit=50',
      'http://b/api/v1/tasks',
      'http://n/tasks',
    ]);
    const listed = measurements.get(list.title);
    expect(listed?.get('backend')?.cpuUsPerRequest).toBe(1000);
    expect(listed?.get('baseline')?.cpuUsPerRequest).toBe(400);
    expect(listed?.get('backend')?.load.requests).toBe(2000);
  });
});

describe('ratiosTo', () => {
  it('when the contender is slower, then throughput is a share and CPU and p99 are multiples of the baseline', () => {
    expect(ratiosTo({ load: load(1000, 40), cpuUsPerRequest: 400 }, { load: load(750, 60), cpuUsPerRequest: 640 })).toEqual({
      throughputPercent: 75,
      cpuRatio: 1.6,
      p99Ratio: 1.5,
    });
  });
});

describe('ratioTable', () => {
  it('when a backend and the baseline were measured, then the backend row carries the three ratios', () => {
    const table = ratioTable(
      new Map([
        [
          list.title,
          new Map([
            ['backend', { load: load(750, 60), cpuUsPerRequest: 640 }],
            ['baseline', { load: load(1000, 40), cpuUsPerRequest: 400 }],
          ]),
        ],
      ]),
    );

    expect(table.split('\n').slice(2)).toEqual([
      '| GET /api/v1/tasks?limit=50 | backend  | 750   | 75 %        | 640 µs      | 1.60 ×      | 60 ms | 1.50 ×      | 0       |',
      '| GET /api/v1/tasks?limit=50 | baseline | 1000  |             | 400 µs      |             | 40 ms |             | 0       |',
    ]);
  });
});

describe('parseOtherBuilds', () => {
  it('when BENCH_COMPARE lists builds, then each gets its label and path', () => {
    expect(parseOtherBuilds('before=../a/dist/main.js, sql=/tmp/b/dist/main.js')).toEqual([
      { label: 'before', bundle: '../a/dist/main.js' },
      { label: 'sql', bundle: '/tmp/b/dist/main.js' },
    ]);
    expect(parseOtherBuilds(undefined)).toEqual([]);
  });

  it.each([
    ['../a/dist/main.js', 'BENCH_COMPARE: "../a/dist/main.js" is not label=path/to/dist/main.js'],
    ['baseline=../a/dist/main.js', 'BENCH_COMPARE: the label "baseline" is taken; choose another'],
    ['a=x.js,a=y.js', 'BENCH_COMPARE: the label "a" is used twice'],
  ])('when BENCH_COMPARE is %j, then it is refused naming the problem', (value, message) => {
    expect(() => parseOtherBuilds(value)).toThrow(message);
  });
});
