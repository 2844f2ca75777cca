import * as jose from 'jose';
import { createTokenService, verifiedTokenTtlMs } from './tokens';

// The real jwtVerify, counted: how often the HMAC is actually checked.
jest.mock('jose', () => {
  const actual = jest.requireActual<typeof import('jose')>('jose');
  return { ...actual, jwtVerify: jest.fn(actual.jwtVerify) };
});
const jwtVerify = jose.jwtVerify as jest.MockedFunction<typeof jose.jwtVerify>;

const secret = 'test-secret-that-is-at-least-32-characters-long';
const claims = { userId: '7d3f5a52-3c4e-4c1e-9a55-0d6f7a1b2c3d', sessionId: '0b6e2f9c-59c4-4c1e-8a55-0d6f7a1b2c3d' };

function setup(expirationDays = 7) {
  let clock = Date.parse('2026-11-01T00:00:00Z');
  const tokens = createTokenService({ secret, expirationDays, now: () => new Date(clock) });
  return { tokens, advance: (ms: number) => (clock += ms) };
}

beforeEach(() => jwtVerify.mockClear());

describe('verified token cache', () => {
  it('when the same token is verified again, then the signature is not checked again', async () => {
    const { tokens } = setup();
    const { token } = await tokens.issue(claims);

    expect(await tokens.verify(token)).toEqual(claims);
    expect(await tokens.verify(token)).toEqual(claims);
    expect(jwtVerify).toHaveBeenCalledTimes(1);
  });

  it('when a kept token reaches its exp, then it is refused as expired', async () => {
    const { tokens, advance } = setup(1);
    const { token } = await tokens.issue(claims);
    await tokens.verify(token);

    advance(24 * 60 * 60 * 1000);

    await expect(tokens.verify(token)).rejects.toThrow('The token has expired');
  });

  it('when a token was kept for the cache TTL, then it is verified again', async () => {
    const { tokens, advance } = setup();
    const { token } = await tokens.issue(claims);
    await tokens.verify(token);

    advance(verifiedTokenTtlMs + 1);
    await tokens.verify(token);

    expect(jwtVerify).toHaveBeenCalledTimes(2);
  });

  it('when a token is forged, then it is refused every time and never kept', async () => {
    const { tokens } = setup();
    const forged = await createTokenService({ secret: `${secret}-other`, expirationDays: 7 }).issue(claims);

    await expect(tokens.verify(forged.token)).rejects.toThrow('Invalid token');
    await expect(tokens.verify(forged.token)).rejects.toThrow('Invalid token');
    expect(jwtVerify).toHaveBeenCalledTimes(2);
  });
});
