import type { Config } from 'jest';

/**
 * ts-jest transpiling each file alone (`isolatedModules`): type errors are the job of
 * `npm run typecheck`, not the test run. Tests run as CommonJS: under `nodenext` TypeScript keeps
 * `import()` as is, and the generated Prisma client's `import()` of its WASM query compiler then
 * needs Jest's experimental VM modules ("A dynamic import callback was invoked without
 * --experimental-vm-modules").
 */
const tsJest = [
  'ts-jest',
  { tsconfig: { module: 'commonjs', moduleResolution: 'node10', isolatedModules: true, esModuleInterop: true } },
] as const;

/**
 * ESM-only dependencies of the backend, compiled to CommonJS for Jest (Jest 30 on Node 20 cannot
 * require() ES modules): jose 6, and the wasm-bindgen glue of Prisma's schema engine (the migrator,
 * which the drills use too).
 */
const esmOnlyDependencies = {
  transform: { '/node_modules/(jose|@prisma/schema-engine-wasm)/.+\\.js$': '<rootDir>/apps/backend/scripts/jest-esm-to-cjs.cjs' },
  transformIgnorePatterns: ['/node_modules/(?!(jose|@prisma/schema-engine-wasm)/)'],
};

/**
 * Every Jest project of the repository, each selectable by name (`--selectProjects <name>`).
 * `npm test` runs all but the two slow suites (`--ignoreProjects drills containers`), which have
 * their own commands: `npm run test:drills`, `npm run test:containers`.
 */
const config: Config = {
  projects: [
    {
      displayName: 'contracts',
      testEnvironment: 'node',
      roots: ['<rootDir>/packages/contracts/src'],
      transform: { '^.+\\.ts$': [...tsJest] },
    },
    {
      displayName: 'testkit',
      testEnvironment: 'node',
      roots: ['<rootDir>/packages/testkit/src'],
      transform: { '^.+\\.ts$': [...tsJest] },
    },
    {
      displayName: 'backend',
      testEnvironment: 'node',
      roots: ['<rootDir>/apps/backend/src'],
      transform: { '^.+\\.ts$': [...tsJest], ...esmOnlyDependencies.transform },
      transformIgnorePatterns: esmOnlyDependencies.transformIgnorePatterns,
      // One embedded PostgreSQL for the run when DATABASE_URL is unset; each test file gets a schema.
      globalSetup: '<rootDir>/packages/testkit/src/jest/global-setup.ts',
      globalTeardown: '<rootDir>/packages/testkit/src/jest/global-teardown.ts',
      setupFilesAfterEnv: ['<rootDir>/apps/backend/src/testing/jest-setup.ts'],
    },
    {
      // The API suite again with every trick of http/fast-paths.ts off (FAST_PATHS=off): the plain
      // Express app and Node server must answer the same.
      displayName: 'backend-plain',
      testEnvironment: 'node',
      roots: ['<rootDir>/apps/backend/src'],
      testMatch: ['**/*.routes.test.ts', '**/app.test.ts', '**/server.test.ts', '**/faults/*.test.ts'],
      transform: { '^.+\\.ts$': [...tsJest], ...esmOnlyDependencies.transform },
      transformIgnorePatterns: esmOnlyDependencies.transformIgnorePatterns,
      globalSetup: '<rootDir>/packages/testkit/src/jest/global-setup.ts',
      globalTeardown: '<rootDir>/packages/testkit/src/jest/global-teardown.ts',
      setupFiles: ['<rootDir>/apps/backend/src/testing/fast-paths-off.ts'],
      setupFilesAfterEnv: ['<rootDir>/apps/backend/src/testing/jest-setup.ts'],
    },
    {
      // The bench's own helpers; the slow multi-process drills are the `drills` project below.
      displayName: 'bench',
      testEnvironment: 'node',
      roots: ['<rootDir>/bench'],
      testPathIgnorePatterns: ['/node_modules/', '\\.drill\\.test\\.ts$'],
      transform: { '^.+\\.ts$': [...tsJest] },
    },
    {
      // Components in jsdom; server-side modules opt into `@jest-environment node` per file.
      displayName: 'frontend',
      testEnvironment: 'jsdom',
      roots: ['<rootDir>/apps/frontend/src'],
      setupFilesAfterEnv: ['<rootDir>/apps/frontend/jest.setup.ts'],
      transform: {
        '^.+\\.tsx?$': ['ts-jest', { tsconfig: { jsx: 'react-jsx', module: 'commonjs', esModuleInterop: true, isolatedModules: true } }],
      },
    },
    {
      displayName: 'infra',
      testEnvironment: 'node',
      roots: ['<rootDir>/infra'],
      transform: { '^.+\\.ts$': [...tsJest] },
    },
    {
      // The docs' own checks: README.md and docs/*.md (links, anchors, the npm scripts they name).
      displayName: 'docs',
      testEnvironment: 'node',
      roots: ['<rootDir>/scripts'],
      testMatch: ['<rootDir>/scripts/docs.test.ts'],
      transform: { '^.+\\.ts$': [...tsJest] },
    },
    {
      // The slow reliability drills: real backend processes (the production bundle), real signals,
      // a PostgreSQL cluster that gets stopped. `npm run test:drills` builds the bundle first and
      // runs them in band.
      displayName: 'drills',
      testEnvironment: 'node',
      roots: ['<rootDir>/bench/drills'],
      testMatch: ['**/*.drill.test.ts'],
      transform: { '^.+\\.ts$': [...tsJest], ...esmOnlyDependencies.transform },
      transformIgnorePatterns: esmOnlyDependencies.transformIgnorePatterns,
      testTimeout: 120_000,
    },
    {
      // The container contract suite: builds both images and runs them the way the Kubernetes
      // Deployments declare. Needs a Docker engine (`bash .ci/docker.sh`); run in band by
      // `npm run test:containers`: the containers share the machine's two cores.
      displayName: 'containers',
      testEnvironment: 'node',
      roots: ['<rootDir>/scripts/containers'],
      testMatch: ['**/*.containers.test.ts'],
      transform: { '^.+\\.ts$': [...tsJest] },
      testTimeout: 120_000,
    },
  ],
};

export default config;
