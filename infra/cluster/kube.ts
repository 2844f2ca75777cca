import { execSyncOk } from './exec';

/** A Kubernetes object as the API server returns it. */
export type KubeObject = {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    uid: string;
    generation?: number;
    resourceVersion: string;
    creationTimestamp: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
  data?: Record<string, string>;
} & Record<string, unknown>;

/** kubectl against one kubeconfig and context (the real /usr/bin/kubectl, or KUBECTL). */
export class Kubectl {
  constructor(
    readonly kubeconfig: string,
    readonly context: string,
    readonly bin: string = process.env.KUBECTL ?? 'kubectl',
  ) {}

  run(args: readonly string[], input?: string): string {
    return execSyncOk(this.bin, ['--kubeconfig', this.kubeconfig, '--context', this.context, ...args], { input });
  }

  /** One object, or undefined when it does not exist. */
  get(kind: string, name: string, namespace?: string): KubeObject | undefined {
    const ns = namespace ? ['-n', namespace] : [];
    const out = this.run(['get', kind, name, ...ns, '--ignore-not-found', '-o', 'json']);
    return out.trim() === '' ? undefined : (JSON.parse(out) as KubeObject);
  }

  /** Every object of some kinds in a namespace (or cluster-wide kinds when namespace is undefined). */
  list(kinds: string, namespace?: string, selector?: string): KubeObject[] {
    const ns = namespace ? ['-n', namespace] : [];
    const sel = selector ? ['-l', selector] : [];
    return (JSON.parse(this.run(['get', kinds, ...ns, ...sel, '-o', 'json'])) as { items: KubeObject[] }).items;
  }

  apply(manifest: string): void {
    this.run(['apply', '-f', '-'], manifest);
  }
}
