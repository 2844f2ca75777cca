import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import type { LabelInput } from '../labels';
import { ingressPlan, ingressUrl } from './app-ingress-plan';

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
    this.ingress = new k8s.networking.v1.Ingress(`${name}-ingress`, ingressPlan(name, args), { parent: this });
    this.url = ingressUrl(args);
    this.registerOutputs({ ingress: this.ingress.metadata.name, url: this.url });
  }
}
