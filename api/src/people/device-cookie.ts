import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';
import type { Config } from '../config/config.js';
import { isSecureRequest, readHostCookie } from './session-cookie.js';

const PLAIN_NAME = 'wg_device';
const SECURE_NAME = '__Host-wg_device';
const LIFETIME_MS = 365 * 86_400_000;

/**
 * "This browser signed in to this account before": a long-lived cookie holding the person's id,
 * a random device id and an HMAC over both under a key derived from SECRET_KEY. It grants
 * nothing by itself; it only lets the owner's correct password through while strangers' attempts
 * on the account are being slowed down.
 */
export class DeviceCookieSigner {
  private readonly key: Buffer;

  constructor(secretKey: Buffer) {
    this.key = createHmac('sha256', secretKey).update('wholegrain device cookie v1').digest();
  }

  issue(personId: string): string {
    const deviceId = randomBytes(16).toString('base64url');
    return `${personId}.${deviceId}.${this.mac(personId, deviceId)}`;
  }

  /** The person and device a cookie value names, or null when it was not signed by us. */
  verify(value: string): { personId: string; deviceId: string } | null {
    const parts = value.split('.');
    if (parts.length !== 3) return null;
    const [personId, deviceId, mac] = parts as [string, string, string];
    const expected = Buffer.from(this.mac(personId, deviceId));
    const given = Buffer.from(mac);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    return { personId, deviceId };
  }

  private mac(personId: string, deviceId: string): string {
    return createHmac('sha256', this.key).update(`${personId}.${deviceId}`).digest('base64url');
  }
}

export function readDeviceCookie(request: Request): string | null {
  return readHostCookie(request, SECURE_NAME, PLAIN_NAME);
}

export function writeDeviceCookie(response: Response, request: Request, config: Config, value: string): void {
  const secure = isSecureRequest(request, config);
  response.cookie(secure ? SECURE_NAME : PLAIN_NAME, value, { httpOnly: true, sameSite: 'lax', secure, path: '/', maxAge: LIFETIME_MS });
}
