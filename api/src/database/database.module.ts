import { type DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { dataSourceOptions } from './data-source.js';
import { AdvisoryLocks, DatabaseHealth, TransactionRunner } from './transaction.js';

@Global()
@Module({})
export class DatabaseModule {
  static register(databaseUrl: string): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [TypeOrmModule.forRoot(dataSourceOptions(databaseUrl))],
      providers: [TransactionRunner, DatabaseHealth, AdvisoryLocks],
      exports: [TransactionRunner, DatabaseHealth, AdvisoryLocks],
    };
  }
}
