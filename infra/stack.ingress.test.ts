import { renderProgram, stackFileConfig, type RenderResult } from './render/program';
import type { RenderedResource } from './render/record';
import { schemaError } from './testing/schema';
import type { Inputs } from './testing/mocks';

/** The Ingress settings of both stacks: on in the prod example, on in the Minikube walk-through of dev. */

const k8sObjects = (r: RenderResult) => r.resources.filter((x) => x.type.startsWith('kubernetes:'));
const find = (r: RenderResult, kind: string, name: string): RenderedResource | undefined =>
  k8sObjects(r).find((x) => x.inputs.kind === kind && (x.inputs.metadata as Inputs).name === name);
const inputs = (r: RenderResult, kind: string, name: string): Inputs => {
  const found = find(r, kind, name);
  if (!found) throw new Error(`no ${kind} ${name}`);
  return found.inputs;
};
const frontendPolicyFrom = (r: RenderResult) => inputs(r, 'NetworkPolicy', 'frontend-ingress').spec.ingress;

jest.setTimeout(60_000);

let dev: RenderResult;
let prod: RenderResult;
let devWithIngress: RenderResult;
let prodWithoutFrontendUrl: RenderResult;
beforeAll(async () => {
  dev = await renderProgram('dev');
  prod = await renderProgram('prod');
  // Pulumi.prod.yaml sets todo:frontendUrl to exactly the URL the Ingress would give, so the prod
  // render alone cannot tell a derived https URL from the configured one: this render leaves it unset.
  const prodConfig = stackFileConfig('prod');
  delete prodConfig['todo:frontendUrl'];
  prodWithoutFrontendUrl = await renderProgram(prodConfig, { stack: 'prod' });
  // The Minikube walk-through (docs/deploy.md): the dev stack plus these two settings.
  devWithIngress = await renderProgram(
    { ...stackFileConfig('dev'), 'todo:ingressEnabled': 'true', 'todo:ingressHost': 'todo.local' },
    { stack: 'dev' },
  );
});

describe('the dev stack: no Ingress', () => {
  it('when rendered, then there is no Ingress, the frontend is the NodePort and any source may reach it', () => {
    expect(k8sObjects(dev).filter((x) => x.inputs.kind === 'Ingress')).toEqual([]);
    expect(inputs(dev, 'Service', 'frontend').spec.type).toBe('NodePort');
    expect(frontendPolicyFrom(dev)).toEqual([{ ports: [{ protocol: 'TCP', port: 3000 }] }]);
    expect(dev.outputs.frontendUrlCommand).toBe('minikube service frontend -n todo-app --url');
  });
});

describe('the prod stack: the Ingress in front of the frontend', () => {
  it('when rendered, then one Ingress routes todo.example.com to the frontend Service with a cert-manager certificate', () => {
    const ingress = inputs(prod, 'Ingress', 'frontend');

    expect(ingress.metadata).toMatchObject({
      name: 'frontend',
      namespace: 'todo-app',
      annotations: { 'cert-manager.io/cluster-issuer': 'letsencrypt-prod' },
    });
    expect(ingress.spec).toEqual({
      ingressClassName: 'nginx',
      tls: [{ hosts: ['todo.example.com'], secretName: 'todo-example-com-tls' }],
      rules: [
        {
          host: 'todo.example.com',
          http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'frontend', port: { name: 'http' } } } }] },
        },
      ],
    });
    expect(schemaError(ingress)).toBeUndefined();
    expect(k8sObjects(prod).filter((x) => x.inputs.kind === 'Ingress')).toHaveLength(1);
  });

  it('when rendered, then the frontend Service is ClusterIP and the backend is routed by nothing', () => {
    expect(inputs(prod, 'Service', 'frontend').spec.type).toBe('ClusterIP');
    expect(inputs(prod, 'Service', 'backend').spec.type).toBe('ClusterIP');
    const routed = k8sObjects(prod)
      .filter((x) => x.inputs.kind === 'Ingress')
      .flatMap((x) =>
        (x.inputs as Inputs).spec.rules.flatMap((rule: Inputs) => rule.http.paths.map((p: Inputs) => p.backend.service.name)),
      );
    expect(routed).toEqual(['frontend']);
  });

  it('when rendered, then the frontend trusts the one proxy hop of the controller for the client address (none on dev)', () => {
    const env = (r: RenderResult) =>
      inputs(r, 'Deployment', 'frontend').spec.template.spec.containers[0].env as { name: string; value: string }[];
    expect(env(prod).find((e) => e.name === 'TRUSTED_PROXY_HOPS')).toEqual({ name: 'TRUSTED_PROXY_HOPS', value: '1' });
    expect(env(devWithIngress).find((e) => e.name === 'TRUSTED_PROXY_HOPS')).toEqual({ name: 'TRUSTED_PROXY_HOPS', value: '1' });
    expect(env(dev).map((e) => e.name)).not.toContain('TRUSTED_PROXY_HOPS');
  });

  it("when rendered, then only the ingress controller's namespace may reach the frontend pods", () => {
    expect(frontendPolicyFrom(prod)).toEqual([
      {
        from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } }],
        ports: [{ protocol: 'TCP', port: 3000 }],
      },
    ]);
  });

  it('when rendered, then the outputs point at the https host and the command shows the Ingress', () => {
    expect(prod.outputs.frontendUrl).toBe('https://todo.example.com');
    expect(prod.outputs.frontendUrlCommand).toBe('kubectl --context prod-cluster -n todo-app get ingress frontend');
    expect(inputs(prod, 'ConfigMap', 'backend-config').data.FRONTEND_URL).toBe('https://todo.example.com');
  });

  it('when frontendUrl is not set, then it is derived from the Ingress: https, since the host has TLS', () => {
    expect(stackFileConfig('prod')['todo:frontendUrl']).toBe('https://todo.example.com');
    expect(inputs(prodWithoutFrontendUrl, 'Ingress', 'frontend').spec.tls).toEqual([
      { hosts: ['todo.example.com'], secretName: 'todo-example-com-tls' },
    ]);
    expect(prodWithoutFrontendUrl.outputs.frontendUrl).toBe('https://todo.example.com');
    expect(inputs(prodWithoutFrontendUrl, 'ConfigMap', 'backend-config').data.FRONTEND_URL).toBe('https://todo.example.com');
  });
});

describe('the dev stack with the Ingress turned on (Minikube walk-through)', () => {
  it('when rendered, then a plain-HTTP Ingress for todo.local replaces the NodePort, and FRONTEND_URL follows', () => {
    const ingress = inputs(devWithIngress, 'Ingress', 'frontend');

    expect(ingress.metadata.annotations).toBeUndefined();
    expect(ingress.spec.tls).toBeUndefined();
    expect(ingress.spec.ingressClassName).toBe('nginx');
    expect(ingress.spec.rules[0].host).toBe('todo.local');
    expect(schemaError(ingress)).toBeUndefined();
    expect(inputs(devWithIngress, 'Service', 'frontend').spec).toMatchObject({
      type: 'ClusterIP',
      ports: [{ name: 'http', port: 3000, targetPort: 'http', protocol: 'TCP' }],
    });
    expect(inputs(devWithIngress, 'ConfigMap', 'backend-config').data.FRONTEND_URL).toBe('http://todo.local');
    expect(devWithIngress.outputs.frontendUrlCommand).toBe('kubectl --context minikube -n todo-app get ingress frontend');
  });
});
