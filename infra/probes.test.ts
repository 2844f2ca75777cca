import { BACKEND_HEALTH, FRONTEND_HEALTH, httpProbes, pgIsReadyProbes } from './probes';

describe('httpProbes', () => {
  it('when built for the backend, then the paths and timings match the design table', () => {
    expect(httpProbes(BACKEND_HEALTH, 'http')).toEqual({
      startupProbe: {
        httpGet: { path: '/health/startup', port: 'http', scheme: 'HTTP' },
        periodSeconds: 5,
        timeoutSeconds: 3,
        failureThreshold: 30,
        successThreshold: 1,
      },
      livenessProbe: {
        httpGet: { path: '/health/live', port: 'http', scheme: 'HTTP' },
        periodSeconds: 10,
        timeoutSeconds: 3,
        failureThreshold: 3,
        successThreshold: 1,
      },
      readinessProbe: {
        httpGet: { path: '/health/ready', port: 'http', scheme: 'HTTP' },
        periodSeconds: 5,
        timeoutSeconds: 3,
        failureThreshold: 3,
        successThreshold: 1,
      },
    });
  });

  it.each([
    ['startupProbe', '/api/health'],
    ['livenessProbe', '/api/health'],
    ['readinessProbe', '/api/health'],
  ] as const)('when built for the frontend, then %s calls %s', (probe, path) => {
    expect(httpProbes(FRONTEND_HEALTH, 'http')[probe].httpGet).toEqual({ path, port: 'http', scheme: 'HTTP' });
  });
});

describe('pgIsReadyProbes', () => {
  it('when built, then every probe runs pg_isready against the local server for the given user and database', () => {
    const probes = pgIsReadyProbes('todo', 'todo');
    const command = ['pg_isready', '-h', '127.0.0.1', '-p', '5432', '-U', 'todo', '-d', 'todo'];
    expect(probes.startupProbe.exec).toEqual({ command });
    expect(probes.livenessProbe.exec).toEqual({ command });
    expect(probes.readinessProbe.exec).toEqual({ command });
    expect(probes.startupProbe.failureThreshold).toBe(30);
  });
});
