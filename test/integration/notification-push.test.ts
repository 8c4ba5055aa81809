import { createPublicKey, verify } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RotationDto } from '../../api/src/duty/duty.types.js';
import { NotificationDeliveryService } from '../../api/src/notification-delivery/notification-delivery.service.js';
import type { PersonDto } from '../../api/src/people/people.contract.js';
import { ApiClient, FOUNDER } from '../harness/api-client.js';
import { startTestApp, type TestApp } from '../harness/app.js';
import { browserKeys, decryptPushBody, type PushService, startPushService } from '../harness/push-service.js';

const PASSWORD = 'a long first password';

/** The ES256 JWT of a VAPID Authorization header (RFC 8292), checked against the key it names. */
function vapidClaims(header: string): { claims: { aud: string; exp: number; sub: string }; key: string } {
  const match = /^vapid t=([^,]+), k=(.+)$/.exec(header);
  if (!match) throw new Error(`Not a VAPID header: ${header}`);
  const [headerPart, payloadPart, signature] = match[1]!.split('.');
  const point = Buffer.from(match[2]!, 'base64url');
  const key = createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: point.subarray(1, 33).toString('base64url'), y: point.subarray(33).toString('base64url') }, format: 'jwk' });
  const valid = verify('sha256', Buffer.from(`${headerPart}.${payloadPart}`), { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(signature!, 'base64url'));
  if (!valid) throw new Error('The VAPID signature does not verify');
  return { claims: JSON.parse(Buffer.from(payloadPart!, 'base64url').toString('utf8')), key: match[2]! };
}

describe('Web Push', () => {
  let dataDir: string;
  let testApp: TestApp;
  let pushService: PushService;
  let ada: ApiClient;
  let ben: ApiClient;
  let benId: string;
  let rotation: RotationDto;
  const keys = browserKeys();

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'wholegrain-push-'));
    [testApp, pushService] = await Promise.all([startTestApp({ config: { dataDir } }), startPushService()]);
    ada = new ApiClient(testApp.baseUrl);
    await ada.setup({ ...FOUNDER, timeZone: 'UTC' });
    benId = (await ada.post<PersonDto>('/api/people', { name: 'Ben Brown', email: 'ben@wholegrain.test', password: PASSWORD, supportRole: 'programmer', timeZone: 'UTC' })).body.id;
    ben = new ApiClient(testApp.baseUrl);
    await ben.signIn('ben@wholegrain.test', PASSWORD);
    rotation = (await ada.post<RotationDto>('/api/rotations', { name: 'Support', timeZone: 'UTC', workingDays: [1, 2, 3, 4, 5], startDate: '2026-01-05', members: [{ personId: benId }] })).body;
  });
  afterAll(async () => {
    await testApp?.close();
    await pushService?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  const delivery = () => testApp.app.get(NotificationDeliveryService);

  it('generates the VAPID key pair into the data directory on first start and keeps it', async () => {
    const file = path.join(dataDir, 'vapid.json');
    const stored = JSON.parse(await readFile(file, 'utf8')) as { publicKey: string; privateKey: string };
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const answer = await ben.get<{ publicKey: string; devices: number }>('/api/push/key');
    expect(answer.body).toEqual({ publicKey: stored.publicKey, devices: 0 });
    expect(Buffer.from(stored.publicKey, 'base64url')).toHaveLength(65);
    // A second process on the same data directory uses the same key (browsers' subscriptions are bound to it).
    const again = await startTestApp({ config: { dataDir } });
    try {
      const client = new ApiClient(again.baseUrl);
      await client.setup({ ...FOUNDER, timeZone: 'UTC' });
      expect((await client.get<{ publicKey: string }>('/api/push/key')).body.publicKey).toBe(stored.publicKey);
    } finally {
      await again.close();
    }
  });

  it('stores a subscription per device, refuses broken keys, and moves a re-used endpoint to its new owner', async () => {
    expect((await ben.post('/api/push/subscriptions', { endpoint: pushService.url('/ben-laptop'), keys: { p256dh: keys.p256dh, auth: 'c2hvcnQ' } })).status).toBe(400);
    expect((await ben.post('/api/push/subscriptions', { endpoint: 'ftp://push.example/1', keys: { p256dh: keys.p256dh, auth: keys.auth } })).status).toBe(400);
    expect((await ada.post('/api/push/subscriptions', { endpoint: pushService.url('/ben-laptop'), keys: { p256dh: keys.p256dh, auth: keys.auth } })).status).toBe(204);
    expect((await ben.post('/api/push/subscriptions', { endpoint: pushService.url('/ben-laptop'), keys: { p256dh: keys.p256dh, auth: keys.auth } })).status).toBe(204);
    const { rows } = await testApp.database.pool.query(`SELECT person_id::text AS "personId", endpoint, p256dh, auth FROM push_subscription`);
    expect(rows).toEqual([{ personId: benId, endpoint: pushService.url('/ben-laptop'), p256dh: keys.p256dh, auth: keys.auth }]);
    expect((await ben.get('/api/push/key')).body.devices).toBe(1);
    expect((await ada.get('/api/push/key')).body.devices).toBe(0);
    // No SMTP_URL and no mailbox here: Settings is told that no system mail can go out.
    expect((await ben.get('/api/system-mail')).body).toEqual({ via: 'none', mailbox: null });
  });

  it("pushes a notification to the device, encrypted for the subscription's keys and signed with the VAPID key", async () => {
    const sent = await ada.post(`/api/rotations/${rotation.id}/handoff-notes`, { text: 'Ben: the Acme refund is waiting for finance, answer them by noon.', addresseeId: benId });
    expect(sent.status).toBe(201);
    expect(sent.body.addressee).toEqual({ id: benId, name: 'Ben Brown' });
    expect(await delivery().runOnce()).toMatchObject({ pushed: 1 });
    expect(pushService.received).toHaveLength(1);
    const request = pushService.received[0]!;
    expect(request.path).toBe('/ben-laptop');
    expect(request.headers['content-encoding']).toBe('aes128gcm');
    expect(Number(request.headers.ttl)).toBeGreaterThan(0);
    const payload = JSON.parse(decryptPushBody(request.body, keys)) as { title: string; body: string; url: string };
    expect(payload).toMatchObject({ title: 'Ada Founder left you a handoff note (Support)', body: 'Ben: the Acme refund is waiting for finance, answer them by noon.', url: '/rotation' });
    const { claims, key } = vapidClaims(String(request.headers.authorization));
    expect(key).toBe((await ben.get('/api/push/key')).body.publicKey);
    expect(claims.aud).toBe(new URL(pushService.url('/')).origin);
    expect(claims.sub).toMatch(/^mailto:|^https:/);
    // Claimed once: a second run (or another process) pushes nothing more.
    expect(await delivery().runOnce()).toMatchObject({ pushed: 0 });
    expect(pushService.received).toHaveLength(1);
  });

  it('pushes nothing for a kind whose push channel is off, and forgets a subscription the push service says is gone', async () => {
    await ben.request('PUT', '/api/notifications/preferences', { handoff_note: { push: false } });
    await ada.post(`/api/rotations/${rotation.id}/handoff-notes`, { text: 'Quiet one.', addresseeId: benId });
    await delivery().runOnce();
    expect(pushService.received).toHaveLength(1);
    await ben.request('PUT', '/api/notifications/preferences', { handoff_note: { push: true } });
    pushService.answerNext(410);
    await ada.post(`/api/rotations/${rotation.id}/handoff-notes`, { text: 'Are you there?', addresseeId: benId });
    await delivery().runOnce();
    expect(pushService.received).toHaveLength(2);
    expect((await ben.get('/api/push/key')).body.devices).toBe(0);
  });

  it('unsubscribes a device', async () => {
    await ben.post('/api/push/subscriptions', { endpoint: pushService.url('/ben-phone'), keys: { p256dh: keys.p256dh, auth: keys.auth } });
    expect((await ben.get('/api/push/key')).body.devices).toBe(1);
    expect((await ben.post('/api/push/subscriptions/remove', { endpoint: pushService.url('/ben-phone') })).status).toBe(204);
    expect((await ben.get('/api/push/key')).body.devices).toBe(0);
  });
});
