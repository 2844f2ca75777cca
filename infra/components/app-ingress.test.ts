import { schemaError } from '../testing/schema';
import { inputsOf, recordResources, type Inputs } from '../testing/mocks';
import { AppIngress, type AppIngressArgs } from './app-ingress';

const args: AppIngressArgs = {
  namespace: 'todo-app',
  labels: { app: 'frontend', component: 'web', tier: 'frontend', instance: 'prod', environment: 'prod' },
  host: 'todo.example.com',
  className: 'nginx',
  service: { name: 'frontend', portName: 'http' },
};

async function render(extra: Partial<AppIngressArgs>): Promise<Inputs> {
  const records = await recordResources(() => new AppIngress('frontend', { ...args, ...extra }));
  return inputsOf(records, 'frontend-ingress');
}

describe('AppIngress', () => {
  it('when there is no TLS, then one rule routes every path of the host to the frontend Service port http', async () => {
    const ingress = await render({});

    expect(ingress.metadata.name).toBe('frontend');
    expect(ingress.metadata.namespace).toBe('todo-app');
    expect(ingress.metadata.annotations).toBeUndefined();
    expect(ingress.metadata.labels).toMatchObject({ app: 'frontend', 'app.kubernetes.io/name': 'frontend', environment: 'prod' });
    expect(ingress.spec).toEqual({
      ingressClassName: 'nginx',
      rules: [
        {
          host: 'todo.example.com',
          http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'frontend', port: { name: 'http' } } } }] },
        },
      ],
    });
    expect(schemaError({ apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', ...ingress })).toBeUndefined();
  });

  it('when TLS names an existing Secret, then the host is served with it and no cert-manager annotation is set', async () => {
    const ingress = await render({ tls: { secretName: 'todo-example-com-tls' } });

    expect(ingress.spec.tls).toEqual([{ hosts: ['todo.example.com'], secretName: 'todo-example-com-tls' }]);
    expect(ingress.metadata.annotations).toBeUndefined();
  });

  it('when a cert-manager ClusterIssuer is named, then the annotation asks it to fill the TLS Secret', async () => {
    const ingress = await render({ tls: { secretName: 'frontend-tls', clusterIssuer: 'letsencrypt-prod' } });

    expect(ingress.metadata.annotations).toEqual({ 'cert-manager.io/cluster-issuer': 'letsencrypt-prod' });
    expect(ingress.spec.tls).toEqual([{ hosts: ['todo.example.com'], secretName: 'frontend-tls' }]);
    expect(schemaError({ apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', ...ingress })).toBeUndefined();
  });

  it('when a schema-breaking value slips in (pathType not in the enum), then the schema check catches it', async () => {
    const ingress = await render({});
    ingress.spec.rules[0].http.paths[0].pathType = 'Everything';

    expect(schemaError({ apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', ...ingress })).toMatch(/pathType/);
  });
});
