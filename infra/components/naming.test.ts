import * as pulumi from '@pulumi/pulumi';
import { BACKEND_HEALTH } from '../probes';
import { recordResources, type Inputs, type RenderedResource } from '../testing/mocks';
import { BackendConfig } from './backend-config';
import { Database } from './database';
import { Migration } from './migration';
import { WebService } from './web-service';

/**
 * Issue 14: every component passes its args to `super` (the engine records them as the component's
 * inputs) and names every child, in Pulumi and in Kubernetes, after itself, so two instances of one
 * component can live in one stack and one namespace.
 */
const base = { instance: 'dev', environment: 'dev' };
const labels = (app: string) => ({ ...base, app, component: 'api', tier: 'backend' });
const resources = { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '512Mi' } };

const builders: [string, (name: string) => void][] = [
  [
    'WebService',
    (name) =>
      new WebService(name, {
        namespace: 'todo-app',
        labels: labels(name),
        image: 'todo/backend:abc',
        imagePullPolicy: 'Never',
        containerPort: 8000,
        health: BACKEND_HEALTH,
        replicas: 2,
        resources,
        service: { type: 'ClusterIP', port: 8000 },
        autoscaling: { maxReplicas: 4, targetCpuUtilization: 70 },
      }),
  ],
  [
    'BackendConfig',
    (name) =>
      new BackendConfig(name, { namespace: 'todo-app', labels: labels(name), settings: { A: '1' }, secrets: { B: pulumi.secret('b') } }),
  ],
  ['Database', (name) => new Database(name, { namespace: 'todo-app', ...base, password: pulumi.secret('p'.repeat(64)) })],
  [
    'Migration',
    (name) =>
      new Migration(name, {
        namespace: 'todo-app',
        labels: labels(name),
        image: 'todo/backend:abc',
        imageTag: 'abc',
        imagePullPolicy: 'Never',
        secretName: 'backend-secrets',
      }),
  ],
];

const kubernetesNames = (records: RenderedResource[]) =>
  records
    .filter((r) => r.type.startsWith('kubernetes:'))
    .map((r) => `${String((r.inputs as Inputs).kind)}/${String((r.inputs as Inputs).metadata.name)}`);

describe.each(builders)('%s', (type, build) => {
  it('when two instances are built, then no Pulumi name and no Kubernetes name collides, and each derives from the instance name', async () => {
    const records = await recordResources(() => {
      build('blue');
      build('green');
    });
    const pulumiNames = records.map((r) => r.name);
    expect(new Set(pulumiNames).size).toBe(pulumiNames.length);
    for (const r of records) expect([r.name, /^(blue|green)/.test(r.name)]).toEqual([r.name, true]);
    const k8sNames = kubernetesNames(records);
    expect(new Set(k8sNames).size).toBe(k8sNames.length);
    // A StatefulSet's claim is named by Kubernetes, after it: `<template>-<statefulset>-0` (data-blue-0).
    for (const n of k8sNames) expect([n, /\/(data-)?(blue|green)/.test(n)]).toEqual([n, true]);
  });

  it('when built, then the component records its args as its inputs', async () => {
    const records = await recordResources(() => build('blue'));
    const component = records.find((r) => r.type === `todo:infra:${type}`);
    expect(component?.custom).toBe(false);
    expect(component?.inputs.namespace).toBe('todo-app');
  });
});
