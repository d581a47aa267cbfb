import { AppConfig } from '../config/app-config';
import { startEmbeddedPostgres } from './embedded-postgres';

export interface DatabaseConnection {
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

interface Logger {
  log(message: string): void;
  warn(message: string): void;
}

// DATABASE_URL when set; otherwise the embedded server in EMBEDDED_PG_DATA_DIR.
export async function connectDatabase(config: AppConfig, logger: Logger): Promise<DatabaseConnection> {
  if (config.databaseUrl) {
    return { url: config.databaseUrl, embedded: false, stop: async () => undefined };
  }
  const embedded = await startEmbeddedPostgres(config.embeddedPostgres, logger);
  return { url: embedded.url, embedded: true, stop: embedded.stop };
}
