import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SecretBox } from './secret-box.js';

describe('SecretBox', () => {
  const box = new SecretBox(randomBytes(32));

  it('round-trips a password and never stores it in clear', () => {
    const sealed = box.seal('hunter2 ünïcode', 'mailbox-1');
    expect(sealed.toString('latin1')).not.toContain('hunter2');
    expect(box.open(sealed, 'mailbox-1')).toBe('hunter2 ünïcode');
  });

  it('uses a fresh IV each time', () => {
    expect(box.seal('same', 'mailbox-1').equals(box.seal('same', 'mailbox-1'))).toBe(false);
  });

  it('refuses a ciphertext moved to another mailbox row', () => {
    expect(() => box.open(box.seal('secret', 'mailbox-1'), 'mailbox-2')).toThrow();
  });

  it('refuses a tampered ciphertext and another key', () => {
    const sealed = box.seal('secret', 'mailbox-1');
    const tampered = Buffer.from(sealed);
    tampered[tampered.length - 1]! ^= 1;
    expect(() => box.open(tampered, 'mailbox-1')).toThrow();
    expect(() => new SecretBox(randomBytes(32)).open(sealed, 'mailbox-1')).toThrow();
  });
});
