import * as pulumi from '@pulumi/pulumi';
import { parseStackConfig, StackConfigError } from './config';

const generated = { jwtSecret: pulumi.secret('j'.repeat(64)), postgresPassword: pulumi.secret('p'.repeat(64)) };

function problemsOf(raw: Record<string, string>): string[] {
  try {
    parseStackConfig('prod', raw, generated);
  } catch (error) {
    if (error instanceof StackConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a StackConfigError');
}

describe('ingress* settings', () => {
  it('when nothing is set, then there is no Ingress and the frontend Service is the NodePort', () => {
    const cfg = parseStackConfig('dev', {}, generated);

    expect(cfg.ingress).toBeUndefined();
    expect(cfg.frontend.serviceType).toBe('NodePort');
    expect(cfg.frontendUrl).toBe('http://localhost:30080');
  });

  it('when enabled with a host only, then plain HTTP with class nginx, the ingress-nginx namespace, a ClusterIP frontend and an http URL', () => {
    const cfg = parseStackConfig('dev', { ingressEnabled: 'true', ingressHost: 'todo.local' }, generated);

    expect(cfg.ingress).toEqual({
      className: 'nginx',
      host: 'todo.local',
      tls: undefined,
      controllerNamespace: { 'kubernetes.io/metadata.name': 'ingress-nginx' },
    });
    expect(cfg.frontend.serviceType).toBe('ClusterIP');
    expect(cfg.frontendUrl).toBe('http://todo.local');
  });

  it('when a cert-manager ClusterIssuer is named without a Secret, then TLS uses the default Secret frontend-tls and the URL is https', () => {
    const cfg = parseStackConfig(
      'prod',
      { ingressEnabled: 'true', ingressHost: 'todo.example.com', ingressTlsClusterIssuer: 'letsencrypt-prod' },
      generated,
    );

    expect(cfg.ingress?.tls).toEqual({ secretName: 'frontend-tls', clusterIssuer: 'letsencrypt-prod' });
    expect(cfg.frontendUrl).toBe('https://todo.example.com');
  });

  it('when a TLS Secret, another class and another controller namespace label are given, then each is used', () => {
    const cfg = parseStackConfig(
      'prod',
      {
        ingressEnabled: 'true',
        ingressHost: 'todo.example.com',
        ingressClassName: 'traefik',
        ingressTlsSecretName: 'todo-tls',
        ingressControllerNamespaceLabel: 'app.kubernetes.io/name=traefik',
        frontendUrl: 'https://todo.example.com/app',
      },
      generated,
    );

    expect(cfg.ingress).toEqual({
      className: 'traefik',
      host: 'todo.example.com',
      tls: { secretName: 'todo-tls', clusterIssuer: undefined },
      controllerNamespace: { 'app.kubernetes.io/name': 'traefik' },
    });
    expect(cfg.frontendUrl).toBe('https://todo.example.com/app');
  });

  it('when enabled without a host, then the error names ingressHost and the command that sets it', () => {
    expect(problemsOf({ ingressEnabled: 'true' })).toEqual([
      'todo:ingressHost is required when ingressEnabled is true; fix: pulumi config set ingressHost todo.example.com',
    ]);
  });

  it.each(['NodePort', 'LoadBalancer'])(
    'when enabled next to a %s frontend Service, then the error says it would expose the frontend twice',
    (type) => {
      expect(problemsOf({ ingressEnabled: 'true', ingressHost: 'todo.example.com', frontendServiceType: type })).toEqual([
        `todo:frontendServiceType ${type} would expose the frontend a second time next to the Ingress; fix: pulumi config set frontendServiceType ClusterIP (or pulumi config rm frontendServiceType)`,
      ]);
    },
  );

  it('when a host or TLS is set but the Ingress is off, then each is reported as unused with both fixes', () => {
    expect(problemsOf({ ingressHost: 'todo.example.com', ingressTlsClusterIssuer: 'letsencrypt-prod' })).toEqual([
      'todo:ingressHost is set but ingressEnabled is not true, so no Ingress uses it; fix: pulumi config set ingressEnabled true (or pulumi config rm ingressHost)',
      'todo:ingressTlsClusterIssuer is set but ingressEnabled is not true, so no Ingress uses it; fix: pulumi config set ingressEnabled true (or pulumi config rm ingressTlsClusterIssuer)',
    ]);
  });

  it.each([
    [
      'ingressHost',
      'Todo.Example.com',
      'must be a lower-case DNS name such as "todo.example.com"',
      'pulumi config set ingressHost todo.example.com',
    ],
    [
      'ingressHost',
      'https://todo.example.com',
      'must be a lower-case DNS name such as "todo.example.com"',
      'pulumi config set ingressHost todo.example.com',
    ],
    ['ingressEnabled', 'yes', 'Invalid option: expected one of "true"|"false"', 'pulumi config set ingressEnabled true'],
    [
      'ingressTlsSecretName',
      'TLS_Secret',
      'must be a lower-case DNS name such as "todo.example.com"',
      'pulumi config set ingressTlsSecretName todo-example-com-tls',
    ],
    [
      'ingressControllerNamespaceLabel',
      'ingress-nginx',
      'must be one label as key=value, such as "kubernetes.io/metadata.name=ingress-nginx"',
      'pulumi config set ingressControllerNamespaceLabel kubernetes.io/metadata.name=ingress-nginx',
    ],
  ])('when %s is %j, then the error names the key, the rule, the value and the fix', (key, value, rule, fixCommand) => {
    const [problem] = problemsOf({ [key]: value });

    expect(problem).toContain(`todo:${key} ${rule}`);
    expect(problem).toContain(`(got ${JSON.stringify(value)}); fix: ${fixCommand}`);
  });
});
