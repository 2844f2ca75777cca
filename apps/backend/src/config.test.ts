import { ConfigError, loadConfig, secretValues } from './config';

const valid = {
  DATABASE_URL: 'postgresql://app:s3cret-pass@db:5432/todo',
  JWT_SECRET: 'x'.repeat(32),
};

describe('loadConfig', () => {
  it('when only the required variables are set, then every default of the design applies', () => {
    expect(loadConfig(valid)).toEqual({
      port: 8000,
      databaseUrl: valid.DATABASE_URL,
      jwtSecret: valid.JWT_SECRET,
      jwtExpirationDays: 7,
      frontendUrl: 'http://localhost:3000',
      logLevel: 'info',
      shutdownDrainMs: 5000,
      rateLimits: { authPerClientPerMinute: 20, loginAttemptsPerAccount: 10, loginLockoutMinutes: 15, assistantMessagesPerMinute: 10 },
      bodyLimitBytes: 102400,
      trustProxy: 'loopback, linklocal, uniquelocal',
      fastPaths: true,
      assistant: {
        provider: 'groq',
        enabled: false,
        groqApiKey: undefined,
        groqBaseUrl: undefined,
        model: 'llama-3.3-70b-versatile',
        name: 'Todo Assistant',
        instructions: expect.stringContaining('todo list'),
        maxTokens: 1024,
        temperature: 0.3,
      },
    });
  });

  it('when the LLM variables are set, then they are parsed and the assistant is enabled', () => {
    const config = loadConfig({
      ...valid,
      GROQ_API_KEY: 'gsk_abc',
      GROQ_BASE_URL: 'http://127.0.0.1:9999',
      GROQ_MODEL: 'm',
      MAX_TOKENS: '256',
      TEMPERATURE: '0',
      PORT: '9000',
    });

    expect(config.assistant).toMatchObject({
      enabled: true,
      groqApiKey: 'gsk_abc',
      groqBaseUrl: 'http://127.0.0.1:9999',
      maxTokens: 256,
      temperature: 0,
    });
    expect(config.port).toBe(9000);
  });

  it('when LLM_PROVIDER is disabled or the key is empty, then the assistant is disabled', () => {
    expect(loadConfig({ ...valid, LLM_PROVIDER: 'disabled', GROQ_API_KEY: 'gsk_abc' }).assistant.enabled).toBe(false);
    expect(loadConfig({ ...valid, GROQ_API_KEY: '' }).assistant.enabled).toBe(false);
  });

  it('when several variables are bad, then one ConfigError names every one of them and no value', () => {
    let error: unknown;
    try {
      loadConfig({ JWT_SECRET: 'short-secret-value', PORT: 'eighty', LLM_PROVIDER: 'openai', TEMPERATURE: '5' });
    } catch (caught) {
      error = caught;
    }

    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    for (const name of ['DATABASE_URL', 'JWT_SECRET', 'PORT', 'LLM_PROVIDER', 'TEMPERATURE']) expect(message).toContain(name);
    expect((error as ConfigError).issues).toHaveLength(5);
    expect(message).not.toContain('short-secret-value');
  });
});

describe('secretValues', () => {
  it('when the config holds a key and a database password, then all secret values are listed', () => {
    const config = loadConfig({ ...valid, GROQ_API_KEY: 'gsk_abc12345' });

    expect(secretValues(config)).toEqual([valid.JWT_SECRET, 'gsk_abc12345', 's3cret-pass', 's3cret-pass']);
  });
});
