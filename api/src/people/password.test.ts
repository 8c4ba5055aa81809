import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from './password.js';

const legacy = JSON.parse(readFileSync(new URL('../../../test/fixtures/argon2-package-hash.json', import.meta.url), 'utf8')) as { password: string; hash: string };

describe('password hashing', () => {
  it('writes argon2id hashes with 19 MiB, 2 passes and 1 lane', async () => {
    const stored = await hashPassword('correct horse battery staple');
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    expect(await verifyPassword(stored, 'correct horse battery staple')).toBe(true);
    expect(await verifyPassword(stored, 'correct horse battery stapler')).toBe(false);
  });

  it('still accepts a password hashed by the argon2 package before the switch, and only that password', async () => {
    expect(legacy.hash).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
    expect(await verifyPassword(legacy.hash, legacy.password)).toBe(true);
    expect(await verifyPassword(legacy.hash, `${legacy.password} `)).toBe(false);
  });

  it('refuses a malformed stored hash instead of throwing', async () => {
    expect(await verifyPassword('$argon2id$v=19$garbage', 'anything')).toBe(false);
  });

  it('runs a full verification for an unknown account and refuses it', async () => {
    const started = performance.now();
    expect(await verifyPassword(null, 'anything')).toBe(false);
    expect(performance.now() - started).toBeGreaterThan(5);
  });
});
