/** The component args the infra tests share: the component's test and its planner's test start from the same objects. */
import type { MigrationArgs } from '../components/migration';
import type { WebServiceArgs } from '../components/web-service';
import { BACKEND_HEALTH } from '../probes';

/** The short labels a dev backend's `WebService` is given. */
export const backendLabels = { app: 'backend', component: 'api', tier: 'backend', instance: 'dev', environment: 'dev' };

/** A dev backend's `WebService` args with nothing optional set: the tests add what they are about. */
export const backendServiceArgs: WebServiceArgs = {
  namespace: 'todo-app',
  labels: backendLabels,
  version: 'abc123def456',
  image: 'todo/backend:abc123def456',
  imagePullPolicy: 'Never',
  containerPort: 8000,
  health: BACKEND_HEALTH,
  replicas: 2,
  resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '512Mi' } },
  service: { type: 'ClusterIP', port: 8000 },
};

/** A dev backend's migration `Job` args with nothing optional set. */
export const migrationArgs: MigrationArgs = {
  namespace: 'todo-app',
  labels: { app: 'backend-migrate', component: 'migration', tier: 'backend', instance: 'dev', environment: 'dev', version: 'abc123def456' },
  image: 'todo/backend:abc123def456',
  imageTag: 'abc123def456',
  imagePullPolicy: 'Never',
  secretName: 'backend-secrets',
};
