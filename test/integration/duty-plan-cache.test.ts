import type { AddressInfo } from 'node:net';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/src/app.js';
import type { DutyNowDto, RotationDto } from '../../api/src/duty/duty.types.js';
import type { PersonDto } from '../../api/src/people/people.types.js';
import { ApiClient, FOUNDER } from '../harness/api-client.js';
import { startTestApp, type TestApp } from '../harness/app.js';
import { TestClock } from '../harness/clock.js';
import { waitUntil } from '../harness/wait.js';

// Duty plans are cached per process; a change made through one API process must reach the others.
describe('duty plans across API processes', () => {
  const clock = new TestClock(new Date('2026-03-24T09:30:00Z')); // Tuesday, 10:30 in Paris
  let first: TestApp;
  let second: NestExpressApplication;
  let viaFirst: ApiClient;
  let viaSecond: ApiClient;
  let rotation: RotationDto;
  const ids: Record<string, string> = {};

  const onDutyVia = async (client: ApiClient) => (await client.get<DutyNowDto[]>('/api/duty/now')).body.map((entry) => entry.primary?.name ?? '-');

  beforeAll(async () => {
    first = await startTestApp({ clock });
    second = await createApp({ config: first.config, databaseUrl: first.database.url, clock });
    await second.listen(0, '127.0.0.1');
    viaFirst = new ApiClient(first.baseUrl);
    ids.ada = (await viaFirst.setup(FOUNDER)).body.person.id;
    ids.grace = (await viaFirst.post<PersonDto>('/api/people', { name: 'Grace', email: 'grace@wholegrain.test', password: 'a long first password', supportRole: 'designer', timeZone: 'Europe/Paris' })).body.id;
    viaSecond = new ApiClient(`http://127.0.0.1:${(second.getHttpServer().address() as AddressInfo).port}`);
    await viaSecond.signIn(FOUNDER.email, FOUNDER.password);
    // Monday 23 March starts: Ada on Monday, Grace on Tuesday.
    rotation = (
      await viaFirst.post<RotationDto>('/api/rotations', {
        name: 'Support',
        timeZone: 'Europe/Paris',
        workingDays: [1, 2, 3, 4, 5],
        startDate: '2026-03-23',
        members: [{ personId: ids.ada }, { personId: ids.grace }],
      })
    ).body;
  });
  afterAll(async () => {
    await second?.close();
    await first?.close();
  });

  it('shows an override made in one process in the other at once', async () => {
    expect(await onDutyVia(viaSecond)).toEqual(['Grace']);
    const override = await viaFirst.post('/api/rotations/' + rotation.id + '/changes', { kind: 'override', role: 'primary', personId: ids.ada, from: '2026-03-24', to: '2026-03-24', reason: 'Grace is at a conference' });
    expect(override.status).toBe(201);
    // The process that made the change plans from the new rows at once; the other within the event's delivery.
    expect(await onDutyVia(viaFirst)).toEqual(['Ada Founder']);
    await waitUntil(async () => (await onDutyVia(viaSecond))[0] === 'Ada Founder', 5_000);
  });

  it('drops the override everywhere when it is revoked', async () => {
    const [change] = (await viaSecond.get<{ id: string; revokedAt: string | null }[]>(`/api/rotations/${rotation.id}/changes`)).body;
    expect((await viaSecond.delete(`/api/rotations/${rotation.id}/changes/${change!.id}`)).status).toBe(204);
    expect(await onDutyVia(viaSecond)).toEqual(['Grace']);
    await waitUntil(async () => (await onDutyVia(viaFirst))[0] === 'Grace', 5_000);
  });

  it('re-plans tomorrow everywhere when the rotation is edited in one process', async () => {
    const tomorrow = async (client: ApiClient) => (await client.get<{ days: { primary: { name: string } | null }[] }>(`/api/rotations/${rotation.id}/calendar?from=2026-03-25&to=2026-03-25`)).body.days[0]!.primary?.name;
    // Cache Wednesday's plan in both processes: Ada's turn.
    expect([await tomorrow(viaFirst), await tomorrow(viaSecond)]).toEqual(['Ada Founder', 'Ada Founder']);
    expect(await onDutyVia(viaSecond)).toEqual(['Grace']);
    const edited = await viaSecond.patch(`/api/rotations/${rotation.id}`, { members: [{ personId: ids.grace }] });
    expect(edited.body.replannedFrom).toBe('2026-03-25');
    expect(await tomorrow(viaSecond)).toBe('Grace');
    await waitUntil(async () => (await tomorrow(viaFirst)) === 'Grace', 5_000);
    // Today's duty, begun before the edit, stays as it was.
    expect(await onDutyVia(viaFirst)).toEqual(['Grace']);
  });
});
