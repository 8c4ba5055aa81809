import { DataSource, type DataSourceOptions } from 'typeorm';
import { migrations } from '../../../migrations/index.js';

export interface DataSourceOverrides {
  poolSize?: number;
  applicationName?: string;
  /** The entity classes, registered by the caller (the app lists them in api/src/entities.ts): database/ knows no feature. */
  entities?: DataSourceOptions['entities'];
}

/** The one TypeORM configuration; `synchronize` is off everywhere, tests included. */
export function dataSourceOptions(databaseUrl: string, overrides: DataSourceOverrides = {}): DataSourceOptions {
  return {
    type: 'postgres',
    url: databaseUrl,
    entities: overrides.entities ?? [],
    migrations,
    migrationsTableName: 'migrations',
    synchronize: false,
    migrationsRun: false,
    logging: ['error'],
    poolSize: overrides.poolSize ?? 10,
    applicationName: overrides.applicationName ?? 'wholegrain',
  };
}

export function createDataSource(databaseUrl: string, overrides?: DataSourceOverrides): DataSource {
  return new DataSource(dataSourceOptions(databaseUrl, overrides));
}
