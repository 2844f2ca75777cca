import * as fs from 'node:fs';
import * as path from 'node:path';
import { execOk } from './exec';

/** The real tools the cluster suite drives, built from the Go module proxy by .ci/tools.sh. */
export interface Tools {
  pulumi: string;
  /** Directory holding `pulumi-language-nodejs` (put first on PATH: the CLI finds language hosts there). */
  languageDir: string;
  kubernetesProvider: string;
  /** The version the npm SDK asks for, under which the built provider is installed as a plugin. */
  kubernetesProviderVersion: string;
  etcd: string;
  kubeApiserver: string;
  kubeControllerManager: string;
  kubeScheduler: string;
  kwok: string;
  kwokctl: string;
  /** kwok's default stages, copied from its module by .ci/tools.sh. */
  kwokStagesDir: string;
  kubectl: string;
}

/** Parses the `export NAME=value [NAME=value ...]` lines .ci/tools.sh and .ci/docker.sh print (values without spaces). */
export function parseExports(text: string): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const line of text.split('\n')) {
    if (!line.startsWith('export ')) continue;
    for (const assignment of line.slice('export '.length).trim().split(/\s+/)) {
      const match = /^([A-Z0-9_]+)=(.*)$/.exec(assignment);
      if (match) vars[match[1] as string] = match[2] as string;
    }
  }
  return vars;
}

/**
 * Builds what is missing (a cold build takes minutes per tool; the build's progress goes to the
 * console) and returns where each tool is. Fails naming the first tool that is not there.
 */
export async function loadTools(root: string, log: string): Promise<Tools> {
  const out = await execOk('bash', [path.join(root, '.ci', 'tools.sh')], { cwd: root, log });
  const v = parseExports(out);
  const need = (name: string): string => {
    const value = v[name];
    if (!value) throw new Error(`.ci/tools.sh did not print ${name} (see ${log})`);
    return value;
  };
  const kubeBin = need('TODO_KUBE_BIN_DIR');
  const kwokBin = need('TODO_KWOK_BIN_DIR');
  const tools: Tools = {
    pulumi: need('TODO_PULUMI_BIN'),
    languageDir: need('TODO_PULUMI_LANGUAGE_DIR'),
    kubernetesProvider: need('TODO_K8S_PROVIDER_BIN'),
    kubernetesProviderVersion: need('TODO_K8S_PROVIDER_VERSION'),
    etcd: need('TODO_ETCD_BIN'),
    kubeApiserver: path.join(kubeBin, 'kube-apiserver'),
    kubeControllerManager: path.join(kubeBin, 'kube-controller-manager'),
    kubeScheduler: path.join(kubeBin, 'kube-scheduler'),
    kwok: path.join(kwokBin, 'kwok'),
    kwokctl: path.join(kwokBin, 'kwokctl'),
    kwokStagesDir: need('TODO_KWOK_STAGES_DIR'),
    kubectl: process.env.KUBECTL ?? '/usr/bin/kubectl',
  };
  for (const [name, file] of Object.entries(tools) as [string, string][]) {
    if (name !== 'kubernetesProviderVersion' && !fs.existsSync(file)) throw new Error(`${name}: ${file} does not exist (see ${log})`);
  }
  return tools;
}
