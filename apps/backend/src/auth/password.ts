import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * scrypt from node:crypto with OWASP's N=2^14, r=8, p=5 profile (16 MiB per hash, a few tens of
 * milliseconds on one core). The parameters are stored with each hash so they can be raised later
 * without invalidating existing passwords.
 */
export const defaultHashParams = { N: 2 ** 14, r: 8, p: 5 } as const;
let params: { N: number; r: number; p: number } = defaultHashParams;
const keyLength = 32;

/**
 * Test suites sign up hundreds of users; they lower the cost once in their Jest setup. Verifying
 * reads the parameters from each stored hash, so this never affects existing hashes.
 */
export function setPasswordHashParamsForTests(next: { N: number; r: number; p: number }): void {
  params = next;
}

function derive(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, keyLength, { ...options, maxmem: 64 * 1024 * 1024 }, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

/** Returns `scrypt$N$r$p$<salt b64>$<key b64>`. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, params);
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64'), key.toString('base64')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64');
  const actual = await derive(password, Buffer.from(salt, 'base64'), { N: Number(n), r: Number(r), p: Number(p) });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/**
 * A hash of a random password, verified against when the email is unknown so that a login for an
 * unknown email costs the same time as one with a wrong password (no account enumeration by timing).
 */
let decoyHash: Promise<string> | undefined;
export function decoyPasswordHash(): Promise<string> {
  decoyHash ??= hashPassword(randomBytes(16).toString('hex'));
  return decoyHash;
}
