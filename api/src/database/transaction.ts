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
