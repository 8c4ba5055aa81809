import { describe, expect, it } from 'vitest';
import { base32Decode, base32Encode, matchTotp, newRecoveryCodes, normaliseRecoveryCode, totpCode, totpStep } from './totp.js';

// RFC 6238 appendix B: the SHA-1 seed is the ASCII "12345678901234567890"; the RFC lists 8 digits, apps use the last 6.
const RFC_SECRET = base32Encode(Buffer.from('12345678901234567890'));

describe('TOTP (RFC 6238)', () => {
  it.each([
    [59, '287082'],
    [1111111109, '081804'],
    [1111111111, '050471'],
    [1234567890, '005924'],
    [2000000000, '279037'],
    [20000000000, '353130'],
  ])('at %i s the code is %s', (seconds, code) => {
    expect(totpCode(RFC_SECRET, totpStep(new Date(seconds * 1000)))).toBe(code);
  });

  it('round-trips base32', () => {
    expect(base32Decode(base32Encode(Buffer.from('hello world!')))).toEqual(Buffer.from('hello world!'));
    expect(base32Encode(Buffer.from('12345678901234567890'))).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
  });

  it('accepts one step either side, not two, and never a step already used', () => {
    const at = new Date(1_700_000_000_000);
    const step = totpStep(at);
    expect(matchTotp(RFC_SECRET, totpCode(RFC_SECRET, step - 1), at, null)).toBe(step - 1);
    expect(matchTotp(RFC_SECRET, totpCode(RFC_SECRET, step + 1), at, null)).toBe(step + 1);
    expect(matchTotp(RFC_SECRET, totpCode(RFC_SECRET, step - 2), at, null)).toBeNull();
    expect(matchTotp(RFC_SECRET, totpCode(RFC_SECRET, step), at, step)).toBeNull();
    expect(matchTotp(RFC_SECRET, totpCode(RFC_SECRET, step - 1), at, step - 1)).toBeNull();
    expect(matchTotp(RFC_SECRET, ` ${totpCode(RFC_SECRET, step).slice(0, 3)} ${totpCode(RFC_SECRET, step).slice(3)} `, at, null)).toBe(step);
    expect(matchTotp(RFC_SECRET, 'abcdef', at, null)).toBeNull();
  });

  it('makes ten distinct recovery codes that read back however they are typed', () => {
    const codes = newRecoveryCodes();
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/);
    expect(normaliseRecoveryCode(` ${codes[0]!.toUpperCase().replace('-', ' ')} `)).toBe(codes[0]!.replace('-', ''));
  });
});
