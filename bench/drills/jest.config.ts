import type { Config } from 'jest';

/**
 * The slow reliability drills: real backend processes (the production bundle), real signals, a
 * PostgreSQL cluster that gets stopped. Run by `npm run test:drills` (which builds the bundle first),
 * one file at a time, never by `npm test`.
 */
const config: Config = {
  rootDir: '../..',
  displayName: 'drills',
  testEnvironment: 'node',
  roots: ['<rootDir>/bench/drills'],
  testMatch: ['**/*.drill.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { isolatedModules: true }] },
  testTimeout: 120_000,
};

export default config;
