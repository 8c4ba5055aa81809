import { Injectable } from '@nestjs/common';
import { LessThan, Not } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata.js';
import { planCachedQuery, TransactionRunner, type Tx } from '../database/transaction.js';
import { Person } from './person.entity.js';
import { Session } from './session.entity.js';

/** An entity's own columns (a relation's object is not one; its foreign key column is). */
function columnsOf(columns: ColumnMetadata[]): ColumnMetadata[] {
  return columns.filter((column) => !column.relationMetadata || column.propertyName !== column.relationMetadata.propertyName);
}
/** Identifiers from entity metadata (never from input), double-quoted for PostgreSQL. */
const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

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
    // The column lists come from the entities' metadata, so a column added to either is never missed.
    const manager = this.transactions.manager;
    const { sessionColumns, personColumns, sql } = (this.lookup ??= this.lookupStatement());
    // A prepared statement, planned once per pooled connection (a unique-index lookup: one plan suits every token).
    const [row] = await planCachedQuery<Record<string, unknown>>(manager, sql, [tokenHash]);
    if (!row) return null;
    const pick = (prefix: string, columns: ColumnMetadata[]) => Object.fromEntries(columns.map((column) => [column.propertyName, row[`${prefix}.${column.databaseName}`]]));
    const person = manager.create(Person, pick('p', personColumns));
    return manager.create(Session, { ...pick('s', sessionColumns), person });
  }

  /** The lookup's columns and statement, built once from the entities' metadata (it never changes while running). */
  private lookup: { sessionColumns: ColumnMetadata[]; personColumns: ColumnMetadata[]; sql: string } | undefined;
  private lookupStatement() {
    const connection = this.transactions.manager.connection;
    const sessionColumns = columnsOf(connection.getMetadata(Session).columns);
    const personColumns = columnsOf(connection.getMetadata(Person).columns);
    const select = [
      ...sessionColumns.map((column) => `s.${quote(column.databaseName)} AS ${quote(`s.${column.databaseName}`)}`),
      ...personColumns.map((column) => `p.${quote(column.databaseName)} AS ${quote(`p.${column.databaseName}`)}`),
    ].join(', ');
    return { sessionColumns, personColumns, sql: `SELECT ${select} FROM session s JOIN person p ON p.id = s.person_id WHERE s.token_hash = $1` };
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
