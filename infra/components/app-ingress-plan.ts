import type * as k8s from '@pulumi/kubernetes';
import { appLabels } from '../labels';
import type { AppIngressArgs } from './app-ingress';

/**
 * The Ingress of an `AppIngress`, computed from its name and args alone: pure functions, tested
 * here without Pulumi mocks; the component only declares it.
 */

/**
 * cert-manager's ingress-shim watches Ingresses carrying this annotation and keeps a Certificate,
 * issued by the named ClusterIssuer, in the Secret named by `spec.tls[].secretName`
 * (https://cert-manager.io/docs/usage/ingress/).
 */
export const CLUSTER_ISSUER_ANNOTATION = 'cert-manager.io/cluster-issuer';

/** Every path of the one host to the one Service's named port; TLS and cert-manager when asked. */
export function ingressPlan(name: string, args: AppIngressArgs): k8s.networking.v1.IngressArgs {
  const annotations = args.tls?.clusterIssuer ? { [CLUSTER_ISSUER_ANNOTATION]: args.tls.clusterIssuer } : undefined;
  return {
    metadata: { name, namespace: args.namespace, labels: appLabels(args.labels), annotations },
    spec: {
      ingressClassName: args.className,
      tls: args.tls ? [{ hosts: [args.host], secretName: args.tls.secretName }] : undefined,
      rules: [
        {
          host: args.host,
          http: {
            paths: [
              {
                path: '/',
                pathType: 'Prefix',
                backend: { service: { name: args.service.name, port: { name: args.service.portName } } },
              },
            ],
          },
        },
      ],
    },
  };
}

/** `https://<host>` with TLS, else `http://<host>`. */
export function ingressUrl(args: Pick<AppIngressArgs, 'host' | 'tls'>): string {
  return `${args.tls ? 'https' : 'http'}://${args.host}`;
}
