import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';

/**
 * A unit of work. Services pass it to repositories so several writes commit together; they never
 * touch TypeORM themselves (only entities, repositories and database/ do).
 */
export type Tx = EntityManager;

@Injectable()
export class TransactionRunner {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  run<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** The non-transactional manager, for repositories called without a Tx. */
  get manager(): Tx {
    return this.dataSource.manager;
  }
}

@Injectable()
export class DatabaseHealth {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Round-trip time of `SELECT 1` in milliseconds; throws when the database does not answer. */
  async ping(): Promise<number> {
    const started = performance.now();
    await this.dataSource.query('SELECT 1');
    return performance.now() - started;
  }
}

/**
 * Runs a statement and returns its rows. Use it for UPDATE/DELETE … RETURNING: TypeORM's plain
 * query() answers those with [rows, count] instead of rows.
 */
export async function returningRows<T>(tx: Tx, sql: string, parameters: unknown[]): Promise<T[]> {
  if (tx.queryRunner) return (await tx.queryRunner.query(sql, parameters, true)).records as T[];
  const runner = tx.connection.createQueryRunner();
  try {
    return (await runner.query(sql, parameters, true)).records as T[];
  } finally {
    await runner.release();
  }
}

export interface HeldLock {
  release(): Promise<void>;
}

/**
 * Session-level advisory locks on a dedicated connection. PostgreSQL releases them when the
 * connection drops, so a lock held by a process that died frees itself at once: that is how a
 * "running" job left by a killed process is recognised without waiting for a timeout.
 */
@Injectable()
export class AdvisoryLocks {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async tryAcquire(namespace: number, key: string): Promise<HeldLock | null> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      const [row] = await runner.query('SELECT pg_try_advisory_lock($1, hashtext($2)) AS locked', [namespace, key]);
      if (!(row as { locked: boolean }).locked) {
        await runner.release();
        return null;
      }
    } catch (error) {
      await runner.release();
      throw error;
    }
    let released = false;
    return {
      release: async () => {
        if (released) return;
        released = true;
        try {
          await runner.query('SELECT pg_advisory_unlock($1, hashtext($2))', [namespace, key]);
        } finally {
          await runner.release();
        }
      },
    };
  }
}

/**
 * Runs a hot statement as a named prepared statement on the transaction's connection, so PostgreSQL
 * plans it once per connection instead of on every call (ingestion runs a few statements per message).
 */
export async function preparedQuery<T>(tx: Tx, name: string, sql: string, parameters: unknown[]): Promise<T[]> {
  const client = (tx.queryRunner as unknown as { databaseConnection?: { query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: T[] }> } } | undefined)
    ?.databaseConnection;
  if (!client) return tx.query(sql, parameters);
  return (await client.query({ name, text: sql, values: parameters })).rows;
}

interface NamedQueryable {
  query<T>(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: T[] }>;
}

const statementNames = new Map<string, string>();

/**
 * A read on the hot path (the session lookup of every request, search results' rows by id) as a
 * named prepared statement: each pooled connection parses and plans it once, then PostgreSQL reuses
 * the plan. Only for statements whose best plan does not depend on the values (unique keys, ids):
 * after five runs PostgreSQL may keep one generic plan for all. Not for the conversation list: its
 * generic plan for `status = $1` reads the activity index whatever the status, which for a status
 * few conversations have means the whole index (seen at 1M messages: 0.2 ms custom, 700 ms generic).
 * The name is derived from the text, so each distinct statement gets its own.
 */
export async function planCachedQuery<T>(tx: Tx, sql: string, parameters: unknown[]): Promise<T[]> {
  let name = statementNames.get(sql);
  if (!name) {
    name = `wg_${createHash('sha1').update(sql).digest('hex').slice(0, 20)}`;
    if (statementNames.size < 500) statementNames.set(sql, name);
  }
  const inTransaction = (tx.queryRunner as unknown as { databaseConnection?: NamedQueryable } | undefined)?.databaseConnection;
  const pool = inTransaction ?? (tx.connection.driver as unknown as { master?: NamedQueryable }).master;
  if (!pool) return tx.query(sql, parameters);
  return (await pool.query<T>({ name, text: sql, values: parameters })).rows;
}
