import { parseStackConfig, StackConfigError } from './config';

function problemsOf(raw: Record<string, string>): string[] {
  try {
    parseStackConfig('prod', raw, {});
  } catch (error) {
    if (error instanceof StackConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a StackConfigError');
}

describe('ingress.* settings', () => {
  it('when nothing is set, then there is no Ingress and the frontend Service is the NodePort', () => {
    const cfg = parseStackConfig('dev', {}, {});

    expect(cfg.ingress).toBeUndefined();
    expect(cfg.frontend.serviceType).toBe('NodePort');
    expect(cfg.frontendUrl).toBe('http://localhost:30080');
  });

  it('when enabled with a host only, then plain HTTP with class nginx, the ingress-nginx namespace, a ClusterIP frontend and an http URL', () => {
    const cfg = parseStackConfig('dev', { 'ingress.enabled': 'true', 'ingress.host': 'todo.local' }, {});

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
      { 'ingress.enabled': 'true', 'ingress.host': 'todo.example.com', 'ingress.tls.clusterIssuer': 'letsencrypt-prod' },
      {},
    );

    expect(cfg.ingress?.tls).toEqual({ secretName: 'frontend-tls', clusterIssuer: 'letsencrypt-prod' });
    expect(cfg.frontendUrl).toBe('https://todo.example.com');
  });

  it('when a TLS Secret, another class and another controller namespace label are given, then each is used', () => {
    const cfg = parseStackConfig(
      'prod',
      {
        'ingress.enabled': 'true',
        'ingress.host': 'todo.example.com',
        'ingress.className': 'traefik',
        'ingress.tls.secretName': 'todo-tls',
        'ingress.controllerNamespaceLabel': 'app.kubernetes.io/name=traefik',
        frontendUrl: 'https://todo.example.com/app',
      },
      {},
    );

    expect(cfg.ingress).toEqual({
      className: 'traefik',
      host: 'todo.example.com',
      tls: { secretName: 'todo-tls', clusterIssuer: undefined },
      controllerNamespace: { 'app.kubernetes.io/name': 'traefik' },
    });
    expect(cfg.frontendUrl).toBe('https://todo.example.com/app');
  });

  it('when enabled without a host, then the error names ingress.host and the command that sets it', () => {
    expect(problemsOf({ 'ingress.enabled': 'true' })).toEqual([
      'todo:ingress.host is required when ingress.enabled is true; fix: pulumi config set ingress.host todo.example.com',
    ]);
  });

  it.each(['NodePort', 'LoadBalancer'])('when enabled next to a %s frontend Service, then the error says it would expose the frontend twice', (type) => {
    expect(problemsOf({ 'ingress.enabled': 'true', 'ingress.host': 'todo.example.com', 'frontend.serviceType': type })).toEqual([
      `todo:frontend.serviceType ${type} would expose the frontend a second time next to the Ingress; fix: pulumi config set frontend.serviceType ClusterIP (or pulumi config rm frontend.serviceType)`,
    ]);
  });

  it('when a host or TLS is set but the Ingress is off, then each is reported as unused with both fixes', () => {
    expect(problemsOf({ 'ingress.host': 'todo.example.com', 'ingress.tls.clusterIssuer': 'letsencrypt-prod' })).toEqual([
      'todo:ingress.host is set but ingress.enabled is not true, so no Ingress uses it; fix: pulumi config set ingress.enabled true (or pulumi config rm ingress.host)',
      'todo:ingress.tls.clusterIssuer is set but ingress.enabled is not true, so no Ingress uses it; fix: pulumi config set ingress.enabled true (or pulumi config rm ingress.tls.clusterIssuer)',
    ]);
  });

  it.each([
    ['ingress.host', 'Todo.Example.com', 'must be a lower-case DNS name such as "todo.example.com"', 'pulumi config set ingress.host todo.example.com'],
    ['ingress.host', 'https://todo.example.com', 'must be a lower-case DNS name such as "todo.example.com"', 'pulumi config set ingress.host todo.example.com'],
    ['ingress.enabled', 'yes', 'Invalid option: expected one of "true"|"false"', 'pulumi config set ingress.enabled true'],
    ['ingress.tls.secretName', 'TLS_Secret', 'must be a lower-case DNS name such as "todo.example.com"', 'pulumi config set ingress.tls.secretName todo-example-com-tls'],
    ['ingress.controllerNamespaceLabel', 'ingress-nginx', 'must be one label as key=value, such as "kubernetes.io/metadata.name=ingress-nginx"', 'pulumi config set ingress.controllerNamespaceLabel kubernetes.io/metadata.name=ingress-nginx'],
  ])('when %s is %j, then the error names the key, the rule, the value and the fix', (key, value, rule, fixCommand) => {
    const [problem] = problemsOf({ [key]: value });

    expect(problem).toContain(`todo:${key} ${rule}`);
    expect(problem).toContain(`(got ${JSON.stringify(value)}); fix: ${fixCommand}`);
  });
});
