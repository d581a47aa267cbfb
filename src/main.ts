import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import pino from 'pino';
import { DataSource } from 'typeorm';
import { AppModule } from './app.module';
import { ConflictReevaluation } from './conflicts/conflict-reevaluation';
import { configureHttp } from './common/http/configure-http';
import { seedReferenceData } from './seed/seed';
import { ConfigError, loadConfig } from './config/app-config';
import { connectDatabase } from './database/database-connection';
import { runMigrations } from './database/data-source-options';
import { waitForDatabase } from './database/wait-for-database';
import { logDestination, loggerOptions, quietFramework } from './logging/logger-options';
import { readyMessage } from './logging/ready-message';
import { MembersService } from './members/members.service';

async function main(): Promise<void> {
  const config = loadConfig();
  const log = pino(loggerOptions(config), logDestination(config));
  const database = await connectDatabase(config, { log: (m) => log.info(m), warn: (m) => log.warn(m) });
  try {
    await waitForDatabase(database.url, config.databaseWaitSeconds, { warn: (m) => log.warn(m) });
    if (config.runMigrationsOnStart) {
      const applied = await runMigrations(database.url);
      if (applied.length) log.info({ migrations: applied }, 'Applied migrations');
    }
    const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, database.url), { bufferLogs: true });
    app.useLogger(quietFramework(app.get(Logger)));
    configureHttp(app);
    if (config.seedOnStart) {
      const seeded = await seedReferenceData(app.get(DataSource));
      if (Object.values(seeded).some((n) => n > 0)) log.info({ seeded }, 'Loaded the network reference data');
    }
    // Close the service first (HTTP, queues, pool), then the embedded database under it.
    let stopping = false;
    const shutdown = async (signal: string) => {
      if (stopping) return;
      stopping = true;
      log.info({ signal }, 'Shutting down');
      await app.close();
      await database.stop();
      process.exit(0);
    };
    process.once('SIGINT', () => void shutdown('SIGINT'));
    process.once('SIGTERM', () => void shutdown('SIGTERM'));
    await app.listen(config.port, config.host).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EADDRINUSE') throw error;
      throw new Error(`Port ${config.port} on ${config.host} is already in use by another program (another copy of the service?): stop it, or set PORT to a free port`);
    });
    app.get(ConflictReevaluation).startIfRulesChanged();
    const ready = readyMessage({
      publicBaseUrl: config.publicBaseUrl,
      databaseUrl: database.url,
      embedded: database.embedded,
      hasMembers: await app.get(MembersService).hasAny(),
      cli: config.nodeEnv === 'production' ? 'node dist/cli/main.js' : 'npm run cli --',
    });
    log.info(ready.fields, ready.message);
  } catch (error) {
    await database.stop();
    throw error;
  }
}

main().catch((error: unknown) => {
  // A readable line for the operator, not a stack trace of an empty rejection.
  const message = error instanceof ConfigError ? error.message : error instanceof Error ? `${error.name}: ${error.message}` : `Start-up failed: ${String(error)}`;
  process.stderr.write(`\n${message}\n\n`);
  process.exit(1);
});
