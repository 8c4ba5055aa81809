import webpush from 'web-push';
import type { VapidKeys } from './vapid-keys.js';

export interface PushTarget {
  endpoint: string;
  /** The browser's P-256 public key and auth secret, base64url (PushSubscription.toJSON().keys). */
  p256dh: string;
  auth: string;
}

export type PushOutcome = 'sent' | 'gone' | 'failed';

/** A push service has this long to answer. */
const TIMEOUT_MS = 10_000;

/**
 * The only importer of web-push. It encrypts the payload (RFC 8291, aes128gcm) and signs the VAPID
 * header (RFC 8292); the HTTP request is ours (fetch), so the endpoint may be any URL the browser gave.
 */
export async function sendPush(target: PushTarget, payload: unknown, options: { vapid: VapidKeys; subject: string; ttlSeconds: number }): Promise<{ outcome: PushOutcome; status: number | null }> {
  const request = webpush.generateRequestDetails({ endpoint: target.endpoint, keys: { p256dh: target.p256dh, auth: target.auth } }, JSON.stringify(payload), {
    vapidDetails: { subject: options.subject, publicKey: options.vapid.publicKey, privateKey: options.vapid.privateKey },
    TTL: options.ttlSeconds,
    contentEncoding: 'aes128gcm',
    urgency: 'high',
  });
  try {
    const response = await fetch(request.endpoint, {
      method: request.method,
      headers: Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name, String(value)])),
      body: request.body,
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    await response.arrayBuffer().catch(() => undefined);
    // 404/410: the subscription expired or was withdrawn (RFC 8030 §7.3); anything else 2xx is accepted.
    if (response.status === 404 || response.status === 410) return { outcome: 'gone', status: response.status };
    return { outcome: response.ok ? 'sent' : 'failed', status: response.status };
  } catch {
    return { outcome: 'failed', status: null };
  }
}

/** Whether a browser's keys can be used for encryption at all (a P-256 point and a 16-byte secret). */
export function validPushKeys(p256dh: string, auth: string): boolean {
  const point = Buffer.from(p256dh, 'base64url');
  return point.length === 65 && point[0] === 4 && Buffer.from(auth, 'base64url').length === 16;
}
