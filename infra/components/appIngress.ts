import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { appLabels, type LabelInput } from '../labels';

/**
 * cert-manager's ingress-shim watches Ingresses carrying this annotation and keeps a Certificate,
 * issued by the named ClusterIssuer, in the Secret named by `spec.tls[].secretName`
 * (https://cert-manager.io/docs/usage/ingress/).
 */
export const CLUSTER_ISSUER_ANNOTATION = 'cert-manager.io/cluster-issuer';

export interface IngressTls {
  /** The TLS Secret: an existing one, or the one cert-manager fills when `clusterIssuer` is set. */
  readonly secretName: string;
  /** cert-manager ClusterIssuer that issues the certificate. Default none (the Secret exists already). */
  readonly clusterIssuer?: string;
}

export interface AppIngressArgs {
  readonly namespace: pulumi.Input<string>;
  /** Labels of the app the Ingress fronts (the frontend's). */
  readonly labels: LabelInput;
  /** The host name the Ingress answers, e.g. `todo.example.com`. */
  readonly host: string;
  /** IngressClass of the controller that serves it (`nginx` for ingress-nginx and Minikube's addon). */
  readonly className: string;
  /** The Service every path goes to, and its port name. */
  readonly service: { readonly name: pulumi.Input<string>; readonly portName: string };
  /** Default plain HTTP. */
  readonly tls?: IngressTls;
}

/**
 * One Ingress routing every path of one host to one Service (the frontend: the backend is never
 * routed, it stays ClusterIP behind the frontend's proxy). Named after the component (`frontend`).
 */
export class AppIngress extends pulumi.ComponentResource {
  readonly ingress: k8s.networking.v1.Ingress;
  /** `https://<host>` with TLS, else `http://<host>`. */
  readonly url: string;

  constructor(name: string, args: AppIngressArgs, opts?: pulumi.ComponentResourceOptions) {
    super('todo:infra:AppIngress', name, args, opts);
    const annotations = args.tls?.clusterIssuer ? { [CLUSTER_ISSUER_ANNOTATION]: args.tls.clusterIssuer } : undefined;
    this.ingress = new k8s.networking.v1.Ingress(
      `${name}-ingress`,
      {
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
      },
      { parent: this },
    );
    this.url = `${args.tls ? 'https' : 'http'}://${args.host}`;
    this.registerOutputs({ ingress: this.ingress.metadata.name, url: this.url });
  }
}
