import * as pulumi from '@pulumi/pulumi';
import { settingsDefaults } from '@todo/contracts/settings';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { parseStackConfig } from './config';
import { POSTGRES_IMAGE } from './images/postgres';

/**
 * Issue 14: each runtime setting has one owner. The backend's settings schema owns the defaults of
 * what the stack puts in the backend's ConfigMap; Pulumi.yaml documents them and must say the same.
 */
const project = parse(fs.readFileSync(path.join(__dirname, '..', 'Pulumi.yaml'), 'utf8')) as {
  config: Record<string, { default?: unknown }>;
};
const documented = (key: string) => String(project.config[key]?.default);
const generated = { jwtSecret: pulumi.secret('j'.repeat(64)), postgresPassword: pulumi.secret('p'.repeat(64)) };

/** Stack key → the backend variable it becomes in the ConfigMap. */
const OWNED_BY_BACKEND = {
  logLevel: 'LOG_LEVEL',
  llmModel: 'GROQ_MODEL',
  llmMaxTokens: 'MAX_TOKENS',
  llmTemperature: 'TEMPERATURE',
  assistantName: 'ASSISTANT_NAME',
  assistantInstructions: 'ASSISTANT_INSTRUCTIONS',
} as const;

describe('runtime defaults', () => {
  it.each(Object.entries(OWNED_BY_BACKEND))(
    "when Pulumi.yaml documents %s, then its default is the backend's %s default",
    (key, variable) => {
      const backendDefault = settingsDefaults[variable];
      expect(backendDefault).toBeDefined();
      expect([key, documented(key)]).toEqual([key, String(backendDefault)]);
    },
  );

  it("when no stack value is set, then the program applies the backend's defaults", () => {
    const cfg = parseStackConfig('dev', {}, generated);
    expect({ logLevel: cfg.logLevel, llm: { ...cfg.llm, provider: undefined }, assistant: cfg.assistant }).toEqual({
      logLevel: settingsDefaults.LOG_LEVEL,
      llm: {
        provider: undefined,
        model: settingsDefaults.GROQ_MODEL,
        maxTokens: settingsDefaults.MAX_TOKENS,
        temperature: settingsDefaults.TEMPERATURE,
      },
      assistant: { name: settingsDefaults.ASSISTANT_NAME, instructions: settingsDefaults.ASSISTANT_INSTRUCTIONS },
    });
  });

  it("when a value breaks the backend's own rule, then the stack config refuses it with the key and the fix", () => {
    expect(() => parseStackConfig('dev', { llmTemperature: '3' }, generated)).toThrow(
      'todo:llmTemperature Too big: expected number to be <=2 (got "3"); fix: pulumi config set llmTemperature 0.3',
    );
  });
});

describe('the PostgreSQL image', () => {
  it('when Pulumi.yaml and the CI workflow name the postgres image, then both are POSTGRES_IMAGE', () => {
    const ci = parse(fs.readFileSync(path.join(__dirname, '..', '.github', 'workflows', 'ci.yml'), 'utf8')) as {
      jobs: { test: { services: { postgres: { image: string } } } };
    };
    expect([documented('postgresImage'), ci.jobs.test.services.postgres.image]).toEqual([POSTGRES_IMAGE, POSTGRES_IMAGE]);
  });
});
