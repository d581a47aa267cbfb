import { DataSource } from 'typeorm';
import { loadConfig } from '../config/app-config';
import { dataSourceOptions } from './data-source-options';

// For the TypeORM CLI (`npx typeorm -d dist/database/typeorm-cli.data-source.js migration:generate`);
// needs DATABASE_URL. The service and `npm run migrate` do not use this file.
const config = loadConfig();
if (!config.databaseUrl) throw new Error('Set DATABASE_URL to use the TypeORM CLI');
export default new DataSource(dataSourceOptions(config.databaseUrl));
