import { Injectable } from '@nestjs/common';
import { LessThan, Not } from 'typeorm';
import { TransactionRunner, type Tx } from '../database/transaction.js';
import { Session } from './session.entity.js';

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
  findByTokenHash(tokenHash: Buffer): Promise<Session | null> {
    return this.sessions().findOne({ where: { tokenHash }, relations: { person: true } });
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
