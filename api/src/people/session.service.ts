import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { Clock } from '../common/clock.js';
import { CONFIG, type Config } from '../config/config.js';
import { LiveEvents } from '../database/live-events.js';
import type { Tx } from '../database/transaction.js';
import type { Person } from './person.entity.js';
import type { Session } from './session.entity.js';
import { SessionRepository } from './session.repository.js';

export interface Authenticated {
  person: Person;
  session: Session;
}

const TOUCH_INTERVAL_MS = 5 * 60_000;
/** How long a resolved session is reused without asking PostgreSQL again (the backstop if a change's event is lost). */
const KEEP_MS = 2_000;
const KEEP_MAX = 10_000;

/**
 * Sessions and who is behind them. Every authenticated request resolves its cookie; a page asks
 * several things at once, so a resolved session is kept for two seconds and reused. What was kept
 * is forgotten at once when anything may have changed it: a session or person row written by any
 * process (triggers of migration SignInChanges send a `sign-ins` live event at commit), and, in
 * this process, the end of any request that may write (see AuthGuard), so a change made here is
 * seen by the very next request.
 */
@Injectable()
export class SessionService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(SessionService.name);
  private readonly kept = new Map<string, { session: Session; at: number }>();
  /** Moves on each time everything kept is forgotten: a lookup that began before then is not kept. */
  private generation = 0;
  private unsubscribe: (() => void) | null = null;

  constructor(
    private readonly sessions: SessionRepository,
    @Inject(CONFIG) private readonly config: Config,
    private readonly clock: Clock,
    private readonly live: LiveEvents,
  ) {}

  onModuleInit(): void {
    this.unsubscribe = this.live.subscribe((event) => {
      if (event.type === 'sign-ins') this.forget();
    });
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
  }

  /** Forgets every kept session: the next request of each asks PostgreSQL. */
  forget(): void {
    this.generation += 1;
    this.kept.clear();
  }

  /** The session behind a token hash: kept from the last two seconds, or from PostgreSQL. */
  private async lookUp(tokenHash: Buffer): Promise<Session | null> {
    const key = tokenHash.toString('base64');
    const kept = this.kept.get(key);
    if (kept && performance.now() - kept.at < KEEP_MS) return copySession(kept.session);
    const generation = this.generation;
    const session = await this.sessions.findByTokenHash(tokenHash);
    if (session && generation === this.generation) {
      if (this.kept.size >= KEEP_MAX) this.kept.clear();
      this.kept.set(key, { session, at: performance.now() });
    }
    return session ? copySession(session) : null;
  }

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
    const session = await this.lookUp(hashToken(token));
    const now = this.clock.now();
    if (!session?.person || !session.person.active || session.expiresAt <= now) return null;
    // Idle for too long: the session ends, as if signed out.
    if (now.getTime() - session.lastSeenAt.getTime() > this.config.sessionIdleDays * 86_400_000) {
      await this.end(session.id);
      return null;
    }
    if (now.getTime() - session.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) await this.sessions.touch(session.id, now);
    return { person: session.person, session };
  }

  /** Ending sessions needs no forget() here: the deletion's trigger tells every process at commit. */
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

/** Each request gets its own objects: nothing a handler does to request.auth reaches the next request. */
function copySession(session: Session): Session {
  const person = session.person ? Object.assign(Object.create(Object.getPrototypeOf(session.person) as object) as Person, session.person) : session.person;
  return Object.assign(Object.create(Object.getPrototypeOf(session) as object) as Session, session, { person });
}

function hashToken(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}
