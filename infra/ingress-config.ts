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

/** The TLS Secret cert-manager fills when only `ingressTlsClusterIssuer` is given. */
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
  ingressEnabled: boolean;
  ingressClassName: string;
  ingressHost?: string;
  ingressTlsSecretName?: string;
  ingressTlsClusterIssuer?: string;
  /** `key=value`, already checked by the schema. */
  ingressControllerNamespaceLabel: string;
  frontendServiceType?: 'NodePort' | 'LoadBalancer' | 'ClusterIP';
}

const DETAIL_KEYS = ['ingressHost', 'ingressTlsSecretName', 'ingressTlsClusterIssuer'] as const;

/**
 * What is wrong with the Ingress settings taken together. `name` gives a key's full name
 * (`todo:ingressHost`), `fix` the `pulumi config set` command that fixes it.
 */
export function ingressProblems(c: IngressKeys, name: (key: string) => string, fix: (key: string) => string): string[] {
  if (!c.ingressEnabled) {
    return DETAIL_KEYS.filter((key) => c[key] !== undefined).map(
      (key) =>
        `${name(key)} is set but ingressEnabled is not true, so no Ingress uses it; fix: ${fix('ingressEnabled')} (or pulumi config rm ${key})`,
    );
  }
  const problems: string[] = [];
  if (c.ingressHost === undefined) {
    problems.push(`${name('ingressHost')} is required when ingressEnabled is true; fix: ${fix('ingressHost')}`);
  }
  const serviceType = c.frontendServiceType;
  if (serviceType !== undefined && serviceType !== 'ClusterIP') {
    problems.push(
      `${name('frontendServiceType')} ${serviceType} would expose the frontend a second time next to the Ingress; fix: ${fix('frontendServiceType')} (or pulumi config rm frontendServiceType)`,
    );
  }
  return problems;
}

/** The Ingress the program creates, or undefined when it is off. Call after `ingressProblems` found none. */
export function ingressSettings(c: IngressKeys): IngressSettings | undefined {
  const host = c.ingressHost;
  if (!c.ingressEnabled || host === undefined) return undefined;
  const secretName = c.ingressTlsSecretName;
  const clusterIssuer = c.ingressTlsClusterIssuer;
  const separator = c.ingressControllerNamespaceLabel.indexOf('=');
  return {
    className: c.ingressClassName,
    host,
    tls: secretName || clusterIssuer ? { secretName: secretName ?? DEFAULT_INGRESS_TLS_SECRET, clusterIssuer } : undefined,
    controllerNamespace: {
      [c.ingressControllerNamespaceLabel.slice(0, separator)]: c.ingressControllerNamespaceLabel.slice(separator + 1),
    },
  };
}
