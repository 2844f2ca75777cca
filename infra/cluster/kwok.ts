import * as fs from 'node:fs';
import * as path from 'node:path';
import { execOk } from './exec';
import { Kubectl } from './kube';
import type { Tools } from './tools';

/**
 * A Kubernetes control plane with simulated nodes: kwokctl's `binary` runtime runs etcd,
 * kube-apiserver, kube-controller-manager, kube-scheduler and the kwok controller as local processes
 * (the tools built by .ci/tools.sh). No kubelet: kwok's stages move pods to Ready and Job pods to
 * Succeeded; no container runs, no image is pulled.
 */
export interface KwokCluster {
  name: string;
  /** kubeconfig written by kwokctl; its context is `kwok-<name>`. */
  kubeconfig: string;
  context: string;
  kubectl: Kubectl;
  delete(): Promise<void>;
}

/** Minikube's default StorageClass is named `standard`; claims that name no class get it here too. */
export const STORAGE_CLASS = 'standard';

/**
 * The StorageClass and a few static volumes, so the database's claim binds as on Minikube (whose
 * `standard` class provisions hostPath volumes). `no-provisioner` + Immediate binding: the PV
 * controller binds a claim to a free volume at once.
 */
export function storageManifest(volumes: number, size: string): string {
  const docs = [
    `apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: ${STORAGE_CLASS}
  annotations:
    storageclass.kubernetes.io/is-default-class: "true"
provisioner: kubernetes.io/no-provisioner
volumeBindingMode: Immediate
allowVolumeExpansion: true
reclaimPolicy: Retain`,
  ];
  for (let i = 0; i < volumes; i += 1) {
    docs.push(`apiVersion: v1
kind: PersistentVolume
metadata:
  name: kwok-volume-${i}
spec:
  storageClassName: ${STORAGE_CLASS}
  capacity:
    storage: ${size}
  accessModes: [ReadWriteOnce]
  persistentVolumeReclaimPolicy: Retain
  hostPath:
    path: /tmp/kwok-volume-${i}`);
  }
  return `${docs.join('\n---\n')}\n`;
}

/**
 * kwok's default stages (node initialise and heartbeat; pod ready, complete, delete: the ones
 * `kwokctl` applies when given none, pkg/kwokctl/runtime/cluster.go getDefaultPodStages), plus one:
 * a Job pod running `failingImage` ends `Failed` with exit code 1 instead of `Succeeded`. Giving
 * kwokctl any Stage replaces all its defaults, hence the copies. Its weight puts it before
 * `pod-complete` (a stage with weight 0 is dropped when another matching stage has one:
 * pkg/utils/lifecycle/lifecycle.go).
 */
export function stagesConfig(defaultStagesDir: string, failingImage: string): string {
  const defaults = fs
    .readdirSync(defaultStagesDir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => fs.readFileSync(path.join(defaultStagesDir, f), 'utf8').trim());
  const failing = `apiVersion: kwok.x-k8s.io/v1alpha1
kind: Stage
metadata:
  name: pod-failing-migration
spec:
  resourceRef:
    apiGroup: v1
    kind: Pod
  selector:
    matchExpressions:
    - key: '.metadata.deletionTimestamp'
      operator: 'DoesNotExist'
    - key: '.status.phase'
      operator: 'In'
      values: ['Running']
    - key: '.metadata.ownerReferences.[].kind'
      operator: 'In'
      values: ['Job']
    - key: '.spec.containers.[].image'
      operator: 'In'
      values: [${JSON.stringify(failingImage)}]
  weight: 10000
  next:
    statusTemplate: |
      {{ $now := Now }}
      containerStatuses:
      {{ range $index, $item := .spec.containers }}
      - image: {{ $item.image | Quote }}
        name: {{ $item.name | Quote }}
        ready: false
        restartCount: 0
        started: false
        state:
          terminated:
            exitCode: 1
            finishedAt: {{ $now | Quote }}
            reason: Error
            message: migration failed
            startedAt: {{ $now | Quote }}
      {{ end }}
      phase: Failed`;
  return `${[...defaults, failing].join('\n---\n')}\n`;
}

export interface KwokOptions {
  name: string;
  tools: Tools;
  /** Where kwokctl keeps the cluster's files and logs (KWOK_WORKDIR) and the kubeconfig. */
  workDir: string;
  failingImage: string;
  log: string;
}

/** Creates the cluster (about 5 s), one Ready node, the StorageClass and volumes. */
export async function createKwokCluster(options: KwokOptions): Promise<KwokCluster> {
  const { tools, workDir, name, log } = options;
  fs.mkdirSync(workDir, { recursive: true });
  const kubeconfig = path.join(workDir, 'kubeconfig');
  const stages = path.join(workDir, 'stages.yaml');
  fs.writeFileSync(stages, stagesConfig(tools.kwokStagesDir, options.failingImage));
  const env = { ...process.env, KWOK_WORKDIR: workDir, KWOK_KUBECTL_BINARY: tools.kubectl };
  // `create` and `delete` take the kubeconfig to write to or clean; `scale` finds the cluster by name.
  const kwokctl = (args: string[]) => execOk(tools.kwokctl, [...args, '--name', name], { env, log });
  const withKubeconfig = ['--kubeconfig', kubeconfig];

  // A cluster left by an interrupted run would make `create` fail; its files are ours to remove.
  await kwokctl(['delete', 'cluster', ...withKubeconfig]).catch(() => undefined);
  await kwokctl([
    'create',
    'cluster',
    '--runtime',
    'binary',
    '--etcd-binary',
    tools.etcd,
    '--kube-apiserver-binary',
    tools.kubeApiserver,
    '--kube-controller-manager-binary',
    tools.kubeControllerManager,
    '--kube-scheduler-binary',
    tools.kubeScheduler,
    '--kwok-controller-binary',
    tools.kwok,
    '--config',
    stages,
    '--wait',
    '2m',
    ...withKubeconfig,
  ]);
  await kwokctl(['scale', 'node', '--replicas', '1']);
  const context = `kwok-${name}`;
  const kubectl = new Kubectl(kubeconfig, context, tools.kubectl);
  kubectl.apply(storageManifest(4, '10Gi'));
  return { name, kubeconfig, context, kubectl, delete: () => kwokctl(['delete', 'cluster', ...withKubeconfig]).then(() => undefined) };
}
