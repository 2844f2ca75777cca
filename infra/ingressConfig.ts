/**
 * The Ingress settings taken together: which combinations are wrong (each with its fix) and the
 * settings the program builds from them. The keys themselves are parsed in `config.ts` with the rest.
 */

/**
 * Reverse proxies an Ingress puts in front of the frontend: the controller, which appends the
 * browser's address to X-Forwarded-For. The frontend trusts exactly that many entries
 * (TRUSTED_PROXY_HOPS, apps/frontend/src/edge/client-address.ts); without it every browser would
 * look like the controller's pod and share one rate limit.
 */
export const INGRESS_PROXY_HOPS = 1;

/** The TLS Secret cert-manager fills when only `ingress.tls.clusterIssuer` is given. */
export const DEFAULT_INGRESS_TLS_SECRET = 'frontend-tls';

/** One Ingress in front of the frontend; its Service is then ClusterIP. */
export interface IngressSettings {
  className: string;
  host: string;
  /** Undefined: plain HTTP. */
  tls?: { secretName: string; clusterIssuer?: string };
  /** `matchLabels` of the ingress controller's namespace, for the frontend's NetworkPolicy. */
  controllerNamespace: Record<string, string>;
}

/** The parsed keys this module reads. */
export interface IngressKeys {
  'ingress.enabled': boolean;
  'ingress.className': string;
  'ingress.host'?: string;
  'ingress.tls.secretName'?: string;
  'ingress.tls.clusterIssuer'?: string;
  /** `key=value`, already checked by the schema. */
  'ingress.controllerNamespaceLabel': string;
  'frontend.serviceType'?: 'NodePort' | 'LoadBalancer' | 'ClusterIP';
}

const DETAIL_KEYS = ['ingress.host', 'ingress.tls.secretName', 'ingress.tls.clusterIssuer'] as const;

/**
 * What is wrong with the Ingress settings taken together. `name` gives a key's full name
 * (`todo:ingress.host`), `fix` the `pulumi config set` command that fixes it.
 */
export function ingressProblems(c: IngressKeys, name: (key: string) => string, fix: (key: string) => string): string[] {
  if (!c['ingress.enabled']) {
    return DETAIL_KEYS.filter((key) => c[key] !== undefined).map(
      (key) => `${name(key)} is set but ingress.enabled is not true, so no Ingress uses it; fix: ${fix('ingress.enabled')} (or pulumi config rm ${key})`,
    );
  }
  const problems: string[] = [];
  if (c['ingress.host'] === undefined) {
    problems.push(`${name('ingress.host')} is required when ingress.enabled is true; fix: ${fix('ingress.host')}`);
  }
  const serviceType = c['frontend.serviceType'];
  if (serviceType !== undefined && serviceType !== 'ClusterIP') {
    problems.push(
      `${name('frontend.serviceType')} ${serviceType} would expose the frontend a second time next to the Ingress; fix: ${fix('frontend.serviceType')} (or pulumi config rm frontend.serviceType)`,
    );
  }
  return problems;
}

/** The Ingress the program creates, or undefined when it is off. Call after `ingressProblems` found none. */
export function ingressSettings(c: IngressKeys): IngressSettings | undefined {
  const host = c['ingress.host'];
  if (!c['ingress.enabled'] || host === undefined) return undefined;
  const secretName = c['ingress.tls.secretName'];
  const clusterIssuer = c['ingress.tls.clusterIssuer'];
  const separator = c['ingress.controllerNamespaceLabel'].indexOf('=');
  return {
    className: c['ingress.className'],
    host,
    tls: secretName || clusterIssuer ? { secretName: secretName ?? DEFAULT_INGRESS_TLS_SECRET, clusterIssuer } : undefined,
    controllerNamespace: {
      [c['ingress.controllerNamespaceLabel'].slice(0, separator)]: c['ingress.controllerNamespaceLabel'].slice(separator + 1),
    },
  };
}
