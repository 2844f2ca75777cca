import type { AppIngressArgs } from './app-ingress';
import { ingressPlan, ingressUrl } from './app-ingress-plan';

const args: AppIngressArgs = {
  namespace: 'todo-app',
  labels: { app: 'frontend', component: 'web', tier: 'frontend', instance: 'prod', environment: 'prod' },
  host: 'todo.example.com',
  className: 'nginx',
  service: { name: 'frontend', portName: 'http' },
};

describe('ingressPlan', () => {
  it.each([
    [undefined, undefined, undefined],
    [{ secretName: 'todo-tls' }, [{ hosts: ['todo.example.com'], secretName: 'todo-tls' }], undefined],
    [
      { secretName: 'todo-tls', clusterIssuer: 'letsencrypt' },
      [{ hosts: ['todo.example.com'], secretName: 'todo-tls' }],
      { 'cert-manager.io/cluster-issuer': 'letsencrypt' },
    ],
  ])('when the TLS settings are %j, then spec.tls is %j and the annotations %j', (tls, expectedTls, annotations) => {
    const plan = ingressPlan('frontend', { ...args, tls });
    expect([(plan.spec as { tls?: unknown }).tls, (plan.metadata as { annotations?: unknown }).annotations]).toEqual([
      expectedTls,
      annotations,
    ]);
  });

  it('when planned, then every path of the host goes to the named port of the Service', () => {
    expect((ingressPlan('frontend', args).spec as { rules: unknown }).rules).toEqual([
      {
        host: 'todo.example.com',
        http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'frontend', port: { name: 'http' } } } }] },
      },
    ]);
  });
});

describe('ingressUrl', () => {
  it.each([
    [undefined, 'http://todo.example.com'],
    [{ secretName: 'todo-tls' }, 'https://todo.example.com'],
  ])('when the TLS settings are %j, then the URL is %s', (tls, expected) => {
    expect(ingressUrl({ host: 'todo.example.com', tls })).toBe(expected);
  });
});
