import type { Config } from 'jest';

/**
 * ts-jest transpiling each file alone (`isolatedModules`): type errors are the job of
 * `npm run typecheck`, not the test run. Tests run as CommonJS: under `nodenext` TypeScript keeps
 * `import()` as is, and the generated Prisma client's `import()` of its WASM query compiler then
 * needs Jest's experimental VM modules ("A dynamic import callback was invoked without
 * --experimental-vm-modules").
 */
const tsJest = ['ts-jest', { tsconfig: { module: 'commonjs', moduleResolution: 'node10', isolatedModules: true, esModuleInterop: true } }] as const;

/** One Jest project per package; `npm test` runs them all. */
const config: Config = {
  projects: [
    {
      displayName: 'contracts',
      testEnvironment: 'node',
      roots: ['<rootDir>/packages/contracts/src'],
      transform: { '^.+\\.ts$': [...tsJest] },
    },
    {
      displayName: 'backend',
      testEnvironment: 'node',
      roots: ['<rootDir>/apps/backend/src'],
      transform: {
        '^.+\\.ts$': [...tsJest],
        // jose 6 is ESM-only; compile it to CommonJS for Jest.
        '/node_modules/jose/.+\\.js$': '<rootDir>/apps/backend/scripts/jest-esm-to-cjs.cjs',
      },
      transformIgnorePatterns: ['/node_modules/(?!jose/)'],
      // One embedded PostgreSQL for the run when DATABASE_URL is unset; each test file gets a schema.
      globalSetup: '<rootDir>/apps/backend/src/testing/global-setup.ts',
      globalTeardown: '<rootDir>/apps/backend/src/testing/global-teardown.ts',
      setupFilesAfterEnv: ['<rootDir>/apps/backend/src/testing/jest-setup.ts'],
    },
    {
      // The bench's own helpers. The slow multi-process drills (*.drill.test.ts) run in
      // `npm run test:drills` with bench/drills/jest.config.ts instead; the in-process drills live
      // in apps/backend/src/drills (backend project).
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
  ],
};

export default config;
