import { describe, expect, it } from 'vitest';
import { allowedHostnames, isAllowedHost } from './host-allow-list.js';

describe('isAllowedHost', () => {
  const unset = allowedHostnames(null);
  const configured = allowedHostnames('https://support.acme.example');
  it.each([
    { name: 'the default address', host: '127.0.0.1:3000', allowed: unset, expected: true },
    { name: 'localhost instead of 127.0.0.1', host: 'localhost:3000', allowed: unset, expected: true },
    { name: 'IPv6 loopback', host: '[::1]:3000', allowed: unset, expected: true },
    { name: 'a rebinding name on a fresh instance', host: 'attacker.example:3000', allowed: unset, expected: false },
    { name: 'a rebinding name that looks local', host: '127.0.0.1.attacker.example', allowed: unset, expected: false },
    { name: 'the public name', host: 'support.acme.example', allowed: configured, expected: true },
    { name: 'the public name in capitals, with a port', host: 'Support.Acme.Example:443', allowed: configured, expected: true },
    { name: 'loopback beside a public name (health checks)', host: 'localhost:3000', allowed: configured, expected: true },
    { name: 'another name beside a public name', host: 'acme.example', allowed: configured, expected: false },
    { name: 'no Host header', host: undefined, allowed: configured, expected: false },
  ])('$name → $expected', ({ host, allowed, expected }) => {
    expect(isAllowedHost(host, allowed)).toBe(expected);
  });
});
