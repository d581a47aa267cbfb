import { INestApplication } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module';
import { Clock } from '../../src/common/clock';
import { configureHttp } from '../../src/common/http/configure-http';
import { ConflictRefreshQueue } from '../../src/conflicts/conflict-refresh-queue';
import { AppConfig, loadConfig } from '../../src/config/app-config';
import { MemberRole } from '../../src/members/member.entity';
import { MembersService } from '../../src/members/members.service';
import { createTestDatabase, TestDatabase } from './test-database';
import { TestClock } from './test-clock';

export interface GraphQLResult<T = Record<string, any>> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string; field?: string; [key: string]: unknown } }[];
}

export interface TestApp {
  app: INestApplication;
  baseUrl: string;
  config: AppConfig;
  /** The service's now and today: set it in a test that depends on the date. */
  clock: TestClock;
  dataSource: DataSource;
  database: TestDatabase;
  /** POST /graphql over real HTTP; `key` goes in the Authorization header. */
  graphql<T = Record<string, any>>(key: string | undefined, query: string, variables?: Record<string, unknown>): Promise<GraphQLResult<T>>;
  /** Like graphql, but fails the test on any error and returns data. */
  ok<T = Record<string, any>>(key: string, query: string, variables?: Record<string, unknown>): Promise<T>;
  member(organisationCode: string, role: MemberRole, email?: string): Promise<{ id: string; apiKey: string; email: string }>;
  /** Waits until the neighbours' re-evaluations queued by writes so far are done (ConflictRefreshQueue). */
  settled(): Promise<void>;
  close(): Promise<void>;
}

let emails = 0;

/** The whole service on its own copy of the seeded database (or the one given), on a free port. */
export async function createTestApp(env: Record<string, string> = {}, existing?: TestDatabase, clock = new TestClock()): Promise<TestApp> {
  const database = existing ?? (await createTestDatabase());
  const config = loadConfig({ NODE_ENV: 'test', ...env });
  const testing = await Test.createTestingModule({ imports: [AppModule.forRoot(config, database.url)] }).overrideProvider(Clock).useValue(clock).compile();
  const app = testing.createNestApplication<NestExpressApplication>({ logger: false });
  configureHttp(app);
  // A free port, unless the test chose one (its PUBLIC_BASE_URL must then name it: single sign-on's redirect URI).
  await app.listen(env.PORT ? config.port : 0, '127.0.0.1');
  const baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const graphql: TestApp['graphql'] = async (key, query, variables) => {
    const response = await fetch(`${baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as GraphQLResult<any>;
  };
  return {
    app,
    baseUrl,
    config,
    clock,
    database,
    dataSource: app.get(DataSource),
    graphql,
    async ok(key, query, variables) {
      const result = await graphql(key, query, variables);
      if (result.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(result.errors, null, 2)}`);
      return result.data as any;
    },
    async member(organisationCode, role, email = `${role.toLowerCase()}${++emails}.${organisationCode.toLowerCase()}@example.org`) {
      const { member, apiKey } = await app.get(MembersService).create(undefined, { organisationCode, email, role });
      return { id: member.id, apiKey, email };
    },
    settled: () => app.get(ConflictRefreshQueue).settled(),
    async close() {
      await app.close();
      await database.drop();
    },
  };
}
