import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { Clock } from '../common/clock.js';
import { CONFIG, type Config } from '../config/config.js';
import type { Tx } from '../database/transaction.js';
import type { Person } from './person.entity.js';
import type { Session } from './session.entity.js';
import { SessionRepository } from './session.repository.js';

export interface Authenticated {
  person: Person;
  session: Session;
}

const TOUCH_INTERVAL_MS = 5 * 60_000;

@Injectable()
export class SessionService {
  private readonly logger = new Logger(SessionService.name);

  constructor(
    private readonly sessions: SessionRepository,
    @Inject(CONFIG) private readonly config: Config,
    private readonly clock: Clock,
  ) {}

  /** Creates a session and returns the cookie token; only the token's hash is stored. */
  async create(person: Person, client: { ip: string | null; userAgent: string | null }, options: { mustEnrolSecondFactor?: boolean } = {}): Promise<{ token: string; session: Session }> {
    const token = randomBytes(32).toString('base64url');
    const now = this.clock.now();
    const session = await this.sessions.insert({
      tokenHash: hashToken(token),
      personId: person.id,
      csrfToken: randomBytes(24).toString('base64url'),
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + this.config.sessionTtlDays * 86_400_000),
      ip: client.ip,
      userAgent: client.userAgent?.slice(0, 512) ?? null,
      mustEnrolSecondFactor: options.mustEnrolSecondFactor ?? false,
    });
    return { token, session };
  }

  /** The live session and active person behind a cookie token, or null. */
  async resolve(token: string): Promise<Authenticated | null> {
    const session = await this.sessions.findByTokenHash(hashToken(token));
    const now = this.clock.now();
    if (!session?.person || !session.person.active || session.expiresAt <= now) return null;
    // Idle for too long: the session ends, as if signed out.
    if (now.getTime() - session.lastSeenAt.getTime() > this.config.sessionIdleDays * 86_400_000) {
      await this.sessions.delete(session.id);
      return null;
    }
    if (now.getTime() - session.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) await this.sessions.touch(session.id, now);
    return { person: session.person, session };
  }

  end(sessionId: string): Promise<void> {
    return this.sessions.delete(sessionId);
  }

  /** Ends every session of a person at once (deactivation, password reset). */
  endAllFor(personId: string, tx?: Tx): Promise<void> {
    return this.sessions.deleteAllFor(personId, tx);
  }

  @Cron(CronExpression.EVERY_HOUR)
  async deleteExpired(): Promise<void> {
    const deleted = await this.sessions.deleteExpired(this.clock.now());
    if (deleted) this.logger.log(`Deleted ${deleted} expired session(s)`);
  }
}

function hashToken(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}
