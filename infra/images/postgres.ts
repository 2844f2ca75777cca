/**
 * The PostgreSQL image: the in-cluster database of Minikube stacks (`postgresImage` default) and the
 * service container of the CI workflow (.github/workflows/ci.yml, kept equal by infra/settings.test.ts).
 * A pinned tag of the official image (Debian variant: its `postgres` user is uid 999).
 */
export const POSTGRES_IMAGE = 'postgres:17.6-bookworm';
