import { checksumOf } from './checksum';

describe('checksumOf', () => {
  it('when the keys come in another order, then the checksum is the same', () => {
    expect(checksumOf({ A: '1', B: '2' })).toBe(checksumOf({ B: '2', A: '1' }));
  });

  it('when a value changes, then the checksum changes', () => {
    expect(checksumOf({ A: '1' })).not.toBe(checksumOf({ A: '2' }));
  });

  it('when given an empty map, then it is the SHA-256 of "[]"', () => {
    expect(checksumOf({})).toBe('4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945');
  });
});
