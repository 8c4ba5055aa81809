import { describe, expect, it } from 'vitest';
import { delayAfterFailures, retryMessage, shouldAlertOwner, SIGN_IN_POLICY, signInThrottleKeys } from './sign-in-throttle.js';

describe('delayAfterFailures', () => {
  it.each([
    { failures: 1, rule: SIGN_IN_POLICY.pair, seconds: 0 },
    { failures: 4, rule: SIGN_IN_POLICY.pair, seconds: 0 },
    { failures: 5, rule: SIGN_IN_POLICY.pair, seconds: 1 },
    { failures: 6, rule: SIGN_IN_POLICY.pair, seconds: 2 },
    { failures: 9, rule: SIGN_IN_POLICY.pair, seconds: 16 },
    { failures: 15, rule: SIGN_IN_POLICY.pair, seconds: 900 },
    { failures: 10_000, rule: SIGN_IN_POLICY.pair, seconds: 900 },
    { failures: 19, rule: SIGN_IN_POLICY.address, seconds: 0 },
    { failures: 20, rule: SIGN_IN_POLICY.address, seconds: 1 },
    { failures: 1_000_000, rule: SIGN_IN_POLICY.account, seconds: 0 },
  ])('waits $seconds s after failure $failures', ({ failures, rule, seconds }) => {
    expect(delayAfterFailures(failures, rule)).toBe(seconds);
  });
});

describe('signInThrottleKeys', () => {
  it('counts a new browser per account-and-address pair, per address, and per account', () => {
    const keys = signInThrottleKeys({ email: 'ada@example.test', ip: '203.0.113.9', knownDeviceId: null });
    expect(keys.map((key) => key.kind)).toEqual(['pair', 'address', 'account']);
    expect(keys.every((key) => /^[0-9a-f]{64}$/.test(key.key))).toBe(true);
  });

  it('counts a known device on its own, not with the address under attack', () => {
    const device = signInThrottleKeys({ email: 'ada@example.test', ip: '203.0.113.9', knownDeviceId: 'device-1' });
    const stranger = signInThrottleKeys({ email: 'ada@example.test', ip: '203.0.113.9', knownDeviceId: null });
    expect(device.map((key) => key.kind)).toEqual(['device', 'account']);
    expect(device[0]!.key).not.toBe(stranger[0]!.key);
    expect(device[1]!.key).toBe(stranger[2]!.key);
  });

  it('keeps the same pair apart for another address and another account', () => {
    const base = signInThrottleKeys({ email: 'ada@example.test', ip: '203.0.113.9', knownDeviceId: null })[0]!.key;
    expect(signInThrottleKeys({ email: 'ada@example.test', ip: '203.0.113.10', knownDeviceId: null })[0]!.key).not.toBe(base);
    expect(signInThrottleKeys({ email: 'bob@example.test', ip: '203.0.113.9', knownDeviceId: null })[0]!.key).not.toBe(base);
  });
});

describe('shouldAlertOwner', () => {
  const keys = signInThrottleKeys({ email: 'ada@example.test', ip: null, knownDeviceId: null });
  it.each([
    { failures: [1, 1, 1], alert: false },
    { failures: [5, 9, 5], alert: true },
    { failures: [6, 9, 6], alert: false },
    { failures: [1, 30, 5], alert: true },
  ])('account failures $failures → $alert', ({ failures, alert }) => {
    expect(shouldAlertOwner(keys, failures)).toBe(alert);
  });
});

describe('retryMessage', () => {
  it.each([
    { seconds: 1, message: 'Too many failed sign-ins. Try again in 1 second.' },
    { seconds: 16, message: 'Too many failed sign-ins. Try again in 16 seconds.' },
    { seconds: 61, message: 'Too many failed sign-ins. Try again in 2 minutes.' },
    { seconds: 900, message: 'Too many failed sign-ins. Try again in 15 minutes.' },
  ])('$seconds s', ({ seconds, message }) => {
    expect(retryMessage(seconds)).toBe(message);
  });
});
