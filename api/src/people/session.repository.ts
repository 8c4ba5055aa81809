import { Injectable } from '@nestjs/common';
import { LessThan, Not } from 'typeorm';
import { TransactionRunner, type Tx } from '../database/transaction.js';
import { Person } from './person.entity.js';
import { Session } from './session.entity.js';

interface SessionWithPersonRow {
  id: string;
  token_hash: Buffer;
  person_id: string;
  csrf_token: string;
  created_at: Date;
  last_seen_at: Date;
  expires_at: Date;
  ip: string | null;
  user_agent: string | null;
  must_enrol_second_factor: boolean;
  name: string;
  email: string;
  password_hash: string;
  access: Person['access'];
  support_role: Person['supportRole'];
  time_zone: string;
  working_days: number[];
  active: boolean;
  signature: string;
  person_created_at: Date;
  person_updated_at: Date;
}

export type NewSession = Omit<Session, 'id' | 'createdAt' | 'person'>;

@Injectable()
export class SessionRepository {
  constructor(private readonly transactions: TransactionRunner) {}

  private sessions(tx: Tx = this.transactions.manager) {
    return tx.getRepository(Session);
  }

  insert(values: NewSession, tx?: Tx): Promise<Session> {
    const sessions = this.sessions(tx);
    return sessions.save(sessions.create(values));
  }

  /** The session with its person loaded. */
  async findByTokenHash(tokenHash: Buffer): Promise<Session | null> {
    // Every authenticated request runs this: one hand-written statement (TypeORM's find with a
    // relation built and hydrated the same query each time, and cost more than most pages' own SQL).
    // Every column of session and person is listed: a column added to either entity must be added here.
    const [row] = (await this.transactions.manager.query(
      `SELECT s.id, s.token_hash, s.person_id, s.csrf_token, s.created_at, s.last_seen_at, s.expires_at, s.ip, s.user_agent, s.must_enrol_second_factor,
              p.name, p.email, p.password_hash, p.access, p.support_role, p.time_zone, p.working_days, p.active, p.signature,
              p.created_at AS person_created_at, p.updated_at AS person_updated_at
       FROM session s JOIN person p ON p.id = s.person_id WHERE s.token_hash = $1`,
      [tokenHash],
    )) as SessionWithPersonRow[];
    if (!row) return null;
    const manager = this.transactions.manager;
    const person = manager.create(Person, {
      id: row.person_id,
      name: row.name,
      email: row.email,
      passwordHash: row.password_hash,
      access: row.access,
      supportRole: row.support_role,
      timeZone: row.time_zone,
      workingDays: row.working_days,
      active: row.active,
      signature: row.signature,
      createdAt: row.person_created_at,
      updatedAt: row.person_updated_at,
    });
    return manager.create(Session, {
      id: row.id,
      tokenHash: row.token_hash,
      personId: row.person_id,
      person,
      csrfToken: row.csrf_token,
      createdAt: row.created_at,
      lastSeenAt: row.last_seen_at,
      expiresAt: row.expires_at,
      ip: row.ip,
      userAgent: row.user_agent,
      mustEnrolSecondFactor: row.must_enrol_second_factor,
    });
  }

  async touch(id: string, lastSeenAt: Date): Promise<void> {
    await this.sessions().update({ id }, { lastSeenAt });
  }

  async delete(id: string): Promise<void> {
    await this.sessions().delete({ id });
  }

  async deleteAllFor(personId: string, tx?: Tx): Promise<void> {
    await this.sessions(tx).delete({ personId });
  }

  listFor(personId: string): Promise<Session[]> {
    return this.sessions().find({ where: { personId }, order: { lastSeenAt: 'DESC' } });
  }

  /** Ends one of a person's own sessions; false when it is not theirs (or already ended). */
  async deleteOwned(id: string, personId: string): Promise<boolean> {
    return ((await this.sessions().delete({ id, personId })).affected ?? 0) > 0;
  }

  async deleteAllExcept(personId: string, keepId: string, tx?: Tx): Promise<number> {
    return (await this.sessions(tx).delete({ personId, id: Not(keepId) })).affected ?? 0;
  }

  async deleteExpired(now: Date): Promise<number> {
    return (await this.sessions().delete({ expiresAt: LessThan(now) })).affected ?? 0;
  }
}
