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
