import type { Config } from 'jest';

/**
 * The container contract suite (`npm run test:containers`): builds both images and runs them the way
 * the Kubernetes Deployments declare. Needs a Docker engine (`bash .ci/docker.sh`); not part of
 * `npm test`. One file, run in band: the containers share the machine's two cores.
 */
const config: Config = {
  rootDir: '../..',
  displayName: 'containers',
  testEnvironment: 'node',
  roots: ['<rootDir>/scripts/containers'],
  testMatch: ['**/*.containers.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { isolatedModules: true }] },
  testTimeout: 120_000,
  maxWorkers: 1,
};

export default config;
