import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CalendarDto, RotationDto } from '../../api/src/duty/duty.types.js';
import type { PersonDto } from '../../api/src/people/people.types.js';
import { ApiClient, FOUNDER } from '../harness/api-client.js';
import { TestClock } from '../harness/clock.js';
import { startTestApp, type TestApp } from '../harness/app.js';

/** Parses with ical.js, a real iCalendar parser: the events' summaries and all-day dates. */
function parse(text: string): { summary: string; date: string; allDay: boolean }[] {
  const calendar = new ICAL.Component(ICAL.parse(text));
  return calendar.getAllSubcomponents('vevent').map((component) => {
    const event = new ICAL.Event(component);
    return { summary: event.summary, date: event.startDate.toString(), allDay: event.startDate.isDate };
  });
}

describe('iCal feeds', () => {
  let testApp: TestApp;
  let admin: ApiClient;
  let grace: ApiClient;
  let rotation: RotationDto;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    testApp = await startTestApp({ clock: new TestClock(new Date('2026-06-01T12:00:00Z')) });
    admin = new ApiClient(testApp.baseUrl);
    ids.ada = (await admin.setup(FOUNDER)).body.person.id;
    ids.grace = (await admin.post<PersonDto>('/api/people', { name: 'Grace', email: 'grace@wholegrain.test', password: 'a long first password', supportRole: 'designer', timeZone: 'Pacific/Apia' })).body.id;
    grace = new ApiClient(testApp.baseUrl);
    await grace.signIn('grace@wholegrain.test', 'a long first password');
    // A rotation in Apia (UTC+13): its calendar dates run a day ahead of UTC.
    rotation = (
      await admin.post<RotationDto>('/api/rotations', {
        name: 'Pacific support',
        timeZone: 'Pacific/Apia',
        workingDays: [1, 2, 3, 4, 5],
        startDate: '2026-05-04',
        members: [{ personId: ids.ada }, { personId: ids.grace }],
      })
    ).body;
  });
  afterAll(async () => {
    await testApp?.close();
  });

  it('serves a rotation feed of valid all-day events on the rotation’s own dates, without a session', async () => {
    const created = await admin.post('/api/calendar-feeds', { rotationId: rotation.id });
    expect(created.status).toBe(201);
    expect(created.body.path).toMatch(/^\/api\/ical\/[\w-]{32}\.ics$/);
    const response = await fetch(`${testApp.baseUrl}${created.body.path}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    const events = parse(await response.text());
    const calendar = (await admin.get<CalendarDto>(`/api/rotations/${rotation.id}/calendar?from=2026-06-01&to=2026-06-07`)).body;
    const expected = calendar.days.filter((day) => day.primary).map((day) => ({ summary: `On support: ${day.primary!.name} · Pacific support`, date: day.date, allDay: true }));
    expect(events.filter((event) => event.date >= '2026-06-01' && event.date <= '2026-06-07')).toEqual(expected);
    expect(events.every((event) => event.allDay)).toBe(true);
  });

  it('serves a person’s feed with only their own days', async () => {
    const created = await grace.post('/api/calendar-feeds', {});
    const events = parse(await (await fetch(`${testApp.baseUrl}${created.body.path}`)).text());
    const calendar = (await admin.get<CalendarDto>(`/api/rotations/${rotation.id}/calendar?from=2026-06-01&to=2026-06-30`)).body;
    const graceDays = calendar.days.filter((day) => day.primary?.personId === ids.grace).map((day) => day.date);
    expect(events.filter((event) => event.date.startsWith('2026-06')).map((event) => event.date)).toEqual(graceDays);
    expect(events[0]!.summary).toBe('On support (primary) · Pacific support');
  });

  it('stops serving a feed at once when it is revoked, and never answers a guessed token', async () => {
    const created = await grace.post('/api/calendar-feeds', { rotationId: rotation.id });
    expect((await grace.get('/api/calendar-feeds')).body.some((feed: { path?: string }) => feed.path)).toBe(false);
    expect((await grace.delete(`/api/calendar-feeds/${created.body.id}`)).status).toBe(204);
    expect((await fetch(`${testApp.baseUrl}${created.body.path}`)).status).toBe(404);
    expect((await fetch(`${testApp.baseUrl}/api/ical/${'x'.repeat(32)}.ics`)).status).toBe(404);
    expect((await admin.delete(`/api/calendar-feeds/${created.body.id}`)).status).toBe(204);
  });
});
