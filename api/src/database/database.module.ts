import { type DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { type DataSourceOverrides, dataSourceOptions } from './data-source.js';
import { LIVE_EVENTS_DATABASE_URL, LiveEvents } from './live-events.js';
import { AdvisoryLocks, DatabaseHealth, TransactionRunner } from './transaction.js';

@Global()
@Module({})
export class DatabaseModule {
  static register(databaseUrl: string, entities: NonNullable<DataSourceOverrides['entities']>): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [TypeOrmModule.forRoot(dataSourceOptions(databaseUrl, { entities }))],
      providers: [TransactionRunner, DatabaseHealth, AdvisoryLocks, LiveEvents, { provide: LIVE_EVENTS_DATABASE_URL, useValue: databaseUrl }],
      exports: [TransactionRunner, DatabaseHealth, AdvisoryLocks, LiveEvents],
    };
  }
}
