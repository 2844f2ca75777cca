import js from '@eslint/js';
import nextPlugin from '@next/eslint-plugin-next';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import unicorn from 'eslint-plugin-unicorn';

/**
 * Workspaces meet only through their package names and `exports` (`@todo/contracts`,
 * `@todo/testkit/*`, `@todo/backend/migrator`, ...). A relative import that climbs into another
 * workspace's folder, or a deep import of another package's `src/`, is an error.
 */
const workspaceBoundaries = {
  'no-restricted-imports': [
    'error',
    {
      patterns: [
        {
          regex: '^(\\.\\./)+(apps|packages)/|^(\\.\\./)+(backend|frontend|contracts|testkit)(/|$)',
          message: "Import another workspace through its package name and exports (e.g. '@todo/testkit/ports'), not by a relative path.",
        },
        {
          regex: '^@todo/[^/]+/src(/|$)',
          message: "Import the package's exported surface, not its src/ files; add an `exports` entry if it is missing.",
        },
      ],
    },
  ],
};

/**
 * The deploy program reads what it shares with the apps from `packages/` (the settings contract,
 * the system-test harness), never from an app: an app's internals can then change without the
 * program noticing, and the program cannot drag an app's dependencies into its own.
 */
const deployProgramBoundaries = {
  'no-restricted-imports': [
    'error',
    {
      patterns: [
        ...workspaceBoundaries['no-restricted-imports'][1].patterns,
        {
          regex: '^@todo/(backend|frontend)(/|$)',
          message:
            'infra/ imports nothing from apps/: move what both read into packages/ (e.g. @todo/contracts/settings, @todo/system-test/stack).',
        },
      ],
    },
  ],
};

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/.next/**',
      '**/coverage/**',
      'apps/backend/src/generated/**',
      'artifacts/**',
      'rendered/**',
      '**/next-env.d.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node },
      // Each file is checked with the tsconfig.json nearest to it (root, each workspace, e2e).
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          // node:test's describe/it return promises that the runner itself awaits and reports.
          allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['describe', 'it', 'test', 'suite'] }],
        },
      ],
      ...workspaceBoundaries,
    },
  },
  {
    // Tests read untyped response bodies (supertest's `body` is `any` by design) and pass async
    // callbacks that need not await: the unsafe-any and require-await rules stay on for source only.
    files: ['**/*.test.ts', '**/*.test.tsx', '**/testing/**/*.ts', 'apps/frontend/e2e/**/*.ts', 'bench/drills/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    files: ['infra/**/*.ts', 'index.ts'],
    rules: deployProgramBoundaries,
  },
  {
    // One file-name convention: kebab-case, as Next.js and most of the repo already name files.
    // Next.js' own route files and segments (`[id]`, `(app)`) are kebab-case or brackets already.
    files: ['**/*.{ts,tsx,mjs,cjs,js}'],
    plugins: { unicorn },
    rules: { 'unicorn/filename-case': ['error', { case: 'kebabCase' }] },
  },
  {
    // Plain JavaScript (build scripts, config files) is outside every tsconfig: no type information.
    files: ['**/*.mjs', '**/*.cjs', '**/*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // CommonJS files (Jest transformers, scripts run inside image builds) load modules with require().
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['apps/frontend/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks, '@next/next': nextPlugin },
    languageOptions: { globals: { ...globals.browser } },
    settings: { next: { rootDir: 'apps/frontend/' } },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...nextPlugin.configs.recommended.rules,
      ...nextPlugin.configs['core-web-vitals'].rules,
    },
  },
);
