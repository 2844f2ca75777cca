import { settingsDefaults } from './settings';

describe('settingsDefaults', () => {
  it('when read, then it holds exactly the variables that have a default, with their parsed values', () => {
    expect(settingsDefaults).toEqual({
      PORT: 8000,
      JWT_EXPIRATION_DAYS: 7,
      FRONTEND_URL: 'http://localhost:3000',
      LOG_LEVEL: 'info',
      SHUTDOWN_DRAIN_MS: 5000,
      AUTH_RATE_LIMIT_PER_MINUTE: 20,
      LOGIN_ATTEMPTS_PER_ACCOUNT: 10,
      LOGIN_LOCKOUT_MINUTES: 15,
      ASSISTANT_RATE_LIMIT_PER_MINUTE: 10,
      BODY_LIMIT_BYTES: 102400,
      FAST_PATHS: 'on',
      TRUST_PROXY: 'loopback, linklocal, uniquelocal',
      LLM_PROVIDER: 'groq',
      GROQ_MODEL: 'llama-3.3-70b-versatile',
      ASSISTANT_NAME: 'Todo Assistant',
      ASSISTANT_INSTRUCTIONS: 'You help the user manage their todo list. Use the tools to read and change tasks; keep answers short.',
      MAX_TOKENS: 1024,
      TEMPERATURE: 0.3,
    });
  });
});
