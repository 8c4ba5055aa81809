import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DeviceCookieSigner } from './device-cookie.js';

const personId = '0b7e5d5e-9d2a-4a36-9a53-7f3f0c7d2c11';

describe('DeviceCookieSigner', () => {
  const signer = new DeviceCookieSigner(randomBytes(32));

  it('recognises a cookie it issued, naming the person and a device', () => {
    const verified = signer.verify(signer.issue(personId));
    expect(verified?.personId).toBe(personId);
    expect(verified?.deviceId).toMatch(/^[\w-]{22}$/);
  });

  it('gives every sign-in its own device id', () => {
    expect(signer.verify(signer.issue(personId))!.deviceId).not.toBe(signer.verify(signer.issue(personId))!.deviceId);
  });

  it.each([
    { name: 'another person put in', tamper: (value: string) => value.replace(personId, '11111111-2222-4333-8444-555555555555') },
    { name: 'the mac cut short', tamper: (value: string) => value.slice(0, -2) },
    { name: 'an extra part', tamper: (value: string) => `${value}.x` },
    { name: 'nonsense', tamper: () => 'not-a-cookie' },
  ])('refuses $name', ({ tamper }) => {
    expect(signer.verify(tamper(signer.issue(personId)))).toBeNull();
  });

  it('refuses a cookie signed under another key', () => {
    expect(signer.verify(new DeviceCookieSigner(randomBytes(32)).issue(personId))).toBeNull();
  });
});
