import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { addDays, parseCivilDate } from '../../../rotation/src/index.js';
import { AppError } from '../common/app-error.js';
import { Clock } from '../common/clock.js';
import { isUuid } from '../common/ids.js';
import type { Person } from '../people/person.entity.js';
import { DutyService } from './duty.service.js';
import type { CalendarFeedDto } from './duty.types.js';

export type { CalendarFeedDto };
import { dutyCalendarFeed } from './ical-feed.js';
import { RotationRepository } from './rotation.repository.js';

const PAST_DAYS = 30;
const FUTURE_DAYS = 180;

const hashToken = (token: string) => createHash('sha256').update(token).digest();

@Injectable()
export class CalendarFeedsService {
  constructor(
    private readonly rotations: RotationRepository,
    private readonly duty: DutyService,
    private readonly clock: Clock,
  ) {}

  /** A new secret URL for a rotation, or for your own duty days across rotations. */
  async create(input: { rotationId?: string | undefined }, actor: Person): Promise<CalendarFeedDto> {
    if (input.rotationId !== undefined) await this.duty.get(input.rotationId);
    const token = randomBytes(24).toString('base64url');
    const row = await this.rotations.insertFeed({ tokenHash: hashToken(token), ownerId: actor.id, rotationId: input.rotationId ?? null, personId: input.rotationId ? null : actor.id });
    return { ...toDto(row), path: `/api/ical/${token}.ics` };
  }

  async list(actor: Person): Promise<CalendarFeedDto[]> {
    return (await this.rotations.feedsOf(actor.id)).map(toDto);
  }

  async revoke(id: string, actor: Person): Promise<void> {
    const feed = isUuid(id) ? await this.rotations.findFeed(id) : null;
    if (!feed || (feed.ownerId !== actor.id && actor.access !== 'admin')) throw new AppError('not_found', 'No such calendar feed.');
    await this.rotations.revokeFeed(id, this.clock.now());
  }

  /** The iCalendar text behind a token; not found once revoked. */
  async render(token: string): Promise<string> {
    const feed = /^[\w-]{20,64}$/.test(token) ? await this.rotations.feedByTokenHash(hashToken(token)) : null;
    if (!feed || feed.revokedAt) throw new AppError('not_found', 'This calendar link does not exist or was revoked.');
    const today = parseCivilDate(this.clock.now().toISOString().slice(0, 10));
    const from = addDays(today, -PAST_DAYS);
    const to = addDays(today, FUTURE_DAYS);
    const rotations = feed.rotationId ? [await this.duty.get(feed.rotationId)] : (await this.duty.list()).filter((rotation) => rotation.members.some((member) => member.personId === feed.personId));
    const parts: string[] = [];
    for (const rotation of rotations) {
      const calendar = await this.duty.calendar(rotation.id, from, to);
      parts.push(dutyCalendarFeed({ name: feed.rotationId ? `${rotation.name} duty` : 'My support duty', rotationName: rotation.name, days: calendar.days, personId: feed.personId, rotationId: rotation.id }));
    }
    return mergeCalendars(parts, feed.rotationId ? 'Support duty' : 'My support duty');
  }
}

/** Several VCALENDARs (one per rotation) as one: the events of all in the first's envelope. */
function mergeCalendars(calendars: string[], name: string): string {
  if (calendars.length === 1) return calendars[0]!;
  const events = calendars.flatMap((calendar) => calendar.match(/BEGIN:VEVENT[\s\S]*?END:VEVENT\r?\n/g) ?? []);
  return `BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Wholegrain//duty//EN\r\nX-WR-CALNAME:${name}\r\n${events.join('')}END:VCALENDAR\r\n`;
}

function toDto(row: { id: string; rotationId: string | null; personId: string | null; createdAt: Date; revokedAt: Date | null }): CalendarFeedDto {
  return { id: row.id, rotationId: row.rotationId, personId: row.personId, createdAt: row.createdAt.toISOString(), revokedAt: row.revokedAt?.toISOString() ?? null };
}
