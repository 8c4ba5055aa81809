import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, LessThan, Repository } from 'typeorm';
import { Clock } from '../common/clock.js';
import { CONFIG, type Config } from '../config/config.js';
import type { Person } from './person.entity.js';
import { Session } from './session.entity.js';

export interface Authenticated {
  person: Person;
  session: Session;
}

const TOUCH_INTERVAL_MS = 5 * 60_000;

@Injectable()
export class SessionService {
  private readonly logger = new Logger(SessionService.name);

  constructor(
    @InjectRepository(Session) private readonly sessions: Repository<Session>,
    @Inject(CONFIG) private readonly config: Config,
    private readonly clock: Clock,
  ) {}

  /** Creates a session and returns the cookie token; only the token's hash is stored. */
  async create(person: Person, client: { ip: string | null; userAgent: string | null }, manager?: EntityManager): Promise<{ token: string; session: Session }> {
    const token = randomBytes(32).toString('base64url');
    const now = this.clock.now();
    const repository = manager ? manager.getRepository(Session) : this.sessions;
    const session = await repository.save(
      repository.create({
        tokenHash: hashToken(token),
        personId: person.id,
        csrfToken: randomBytes(24).toString('base64url'),
        lastSeenAt: now,
        expiresAt: new Date(now.getTime() + this.config.sessionTtlDays * 86_400_000),
        ip: client.ip,
        userAgent: client.userAgent?.slice(0, 512) ?? null,
      }),
    );
    return { token, session };
  }

  /** The live session and active person behind a cookie token, or null. */
  async resolve(token: string): Promise<Authenticated | null> {
    const session = await this.sessions.findOne({ where: { tokenHash: hashToken(token) }, relations: { person: true } });
    const now = this.clock.now();
    if (!session?.person || !session.person.active || session.expiresAt <= now) return null;
    if (now.getTime() - session.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
      await this.sessions.update({ id: session.id }, { lastSeenAt: now });
    }
    return { person: session.person, session };
  }

  async end(sessionId: string): Promise<void> {
    await this.sessions.delete({ id: sessionId });
  }

  /** Ends every session of a person at once (deactivation, password change). */
  async endAllFor(personId: string, manager?: EntityManager): Promise<void> {
    await (manager ? manager.getRepository(Session) : this.sessions).delete({ personId });
  }

  @Cron(CronExpression.EVERY_HOUR)
  async deleteExpired(): Promise<void> {
    const result = await this.sessions.delete({ expiresAt: LessThan(this.clock.now()) });
    if (result.affected) this.logger.log(`Deleted ${result.affected} expired session(s)`);
  }
}

function hashToken(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}
