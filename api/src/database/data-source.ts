import { DataSource, type DataSourceOptions } from 'typeorm';
import { migrations } from '../../../migrations/index.js';
import { entities } from './entities.js';

/** The one TypeORM configuration; `synchronize` is off everywhere, tests included. */
export function dataSourceOptions(databaseUrl: string, overrides: { poolSize?: number; applicationName?: string } = {}): DataSourceOptions {
  return {
    type: 'postgres',
    url: databaseUrl,
    entities,
    migrations,
    migrationsTableName: 'migrations',
    synchronize: false,
    migrationsRun: false,
    logging: ['error'],
    poolSize: overrides.poolSize ?? 10,
    applicationName: overrides.applicationName ?? 'wholegrain',
  };
}

export function createDataSource(databaseUrl: string, overrides?: { poolSize?: number; applicationName?: string }): DataSource {
  return new DataSource(dataSourceOptions(databaseUrl, overrides));
}
