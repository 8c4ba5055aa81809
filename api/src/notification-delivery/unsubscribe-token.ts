import { createHmac, timingSafeEqual } from 'node:crypto';
import { NOTIFICATION_KINDS, type NotificationKind } from '../notifications/notifications.types.js';

/**
 * One-click unsubscribe links in notification emails: the token names a person and the kinds to stop
 * emailing, signed with a key derived from the secret key, so no sign-in is needed and nothing is stored.
 */
export class UnsubscribeTokens {
  private readonly key: Buffer;

  constructor(secretKey: Buffer) {
    this.key = createHmac('sha256', secretKey).update('wholegrain notification unsubscribe v1').digest();
  }

  sign(personId: string, kinds: NotificationKind[]): string {
    const payload = Buffer.from(`${personId}.${[...new Set(kinds)].sort().join(',')}`).toString('base64url');
    return `${payload}.${this.mac(payload)}`;
  }

  /** The person and kinds, or null for anything not signed by us. */
  verify(token: string): { personId: string; kinds: NotificationKind[] } | null {
    const [payload, mac, extra] = token.split('.');
    if (!payload || !mac || extra !== undefined) return null;
    const expected = Buffer.from(this.mac(payload));
    const given = Buffer.from(mac);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    const [personId, kindList] = Buffer.from(payload, 'base64url').toString('utf8').split('.');
    const kinds = (kindList ?? '').split(',').filter((kind): kind is NotificationKind => (NOTIFICATION_KINDS as readonly string[]).includes(kind));
    return personId && kinds.length > 0 ? { personId, kinds } : null;
  }

  private mac(payload: string): string {
    return createHmac('sha256', this.key).update(payload).digest('base64url');
  }
}
