import type { Config } from 'jest';

/** ts-jest with isolatedModules: type errors are the job of `npm run typecheck`, not the test run. */
const tsJest = ['ts-jest', { isolatedModules: true }] as const;

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
      transform: { '^.+\\.ts$': [...tsJest] },
    },
    {
      // The bench's helpers and in-process drills; the slow multi-process drills (*.drill.test.ts)
      // run in `npm run test:drills` with bench/drills/jest.config.ts instead.
      displayName: 'bench',
      testEnvironment: 'node',
      roots: ['<rootDir>/bench'],
      testPathIgnorePatterns: ['/node_modules/', '\\.drill\\.test\\.ts$'],
      transform: { '^.+\\.ts$': [...tsJest] },
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
