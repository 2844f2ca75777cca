import { defaultHashParams, hashPassword, setPasswordHashParamsForTests, verifyPassword } from './password';

describe('password hashing', () => {
  afterEach(() => setPasswordHashParamsForTests({ N: 2 ** 10, r: 8, p: 1 }));

  it('when hashing with the production parameters, then the hash records scrypt N=2^14 r=8 p=5 and verifies', async () => {
    setPasswordHashParamsForTests(defaultHashParams);

    const hash = await hashPassword('correct horse battery');

    expect(hash).toMatch(/^scrypt\$16384\$8\$5\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}$/);
    expect(await verifyPassword('correct horse battery', hash)).toBe(true);
    expect(await verifyPassword('correct horse batterY', hash)).toBe(false);
  });

  it('when the same password is hashed twice, then the salts differ', async () => {
    expect(await hashPassword('same password')).not.toBe(await hashPassword('same password'));
  });

  it('when the parameters change later, then hashes made before still verify (they carry their parameters)', async () => {
    const old = await hashPassword('pw-12345678');
    setPasswordHashParamsForTests({ N: 2 ** 11, r: 8, p: 2 });

    expect(await verifyPassword('pw-12345678', old)).toBe(true);
  });

  it('when the stored hash is malformed, then verification fails instead of throwing', async () => {
    expect(await verifyPassword('x', 'bcrypt$whatever')).toBe(false);
    expect(await verifyPassword('x', '')).toBe(false);
  });
});
