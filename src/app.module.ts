import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { DynamicModule, Logger, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { ApiKeysModule } from './api-keys/api-keys.module';
import { AreasModule } from './areas/areas.module';
import { AudiencesModule } from './audiences/audiences.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { formatError } from './common/graphql/format-error';
import { ResolverErrorsFilter } from './common/graphql/resolver-errors.filter';
import { queryLimits } from './common/graphql/query-limits';
import { HeavyLane } from './common/graphql/heavy-lane';
import { queryWorkLimit } from './common/graphql/query-work';
import { WORK_ESTIMATORS } from './common/graphql/work-estimates';
import { uncacheableResponses } from './common/graphql/uncacheable-responses';
import { AuthService } from './auth/auth.service';
import { RateLimitService } from './auth/rate-limit.service';
import { chargeWork, requestGate } from './auth/request-gate';
import { LOADERS, LoadersFactory } from './common/graphql/loaders';
import { LoadersModule } from './common/graphql/loaders.module';
import { idArguments } from './common/graphql/id-arguments';
import { literalInputErrors } from './common/graphql/literal-input-errors';
import { localLandingPage } from './common/graphql/landing-page';
import { Clock } from './common/clock';
import { NoNulCharacters } from './common/no-nul-characters.pipe';
import { validationPipe } from './common/validation.pipe';
import { AppConfig } from './config/app-config';
import { APP_CONFIG, DATABASE_URL } from './config/app-config.token';
import { ConflictsModule } from './conflicts/conflicts.module';
import { DigestModule } from './digest/digest.module';
import { FindingsModule } from './findings/findings.module';
import { ForwardLookModule } from './forward-look/forward-look.module';
import { CalendarFeedsModule } from './calendar-feeds/calendar-feeds.module';
import { CalendarModule } from './calendar/calendar.module';
import { SignInModule } from './sign-in/sign-in.module';
import { SpreadsheetsModule } from './spreadsheets/spreadsheets.module';
import { ConsultationsModule } from './consultations/consultations.module';
import { dataSourceOptions } from './database/data-source-options';
import { HealthModule } from './health/health.module';
import { Metrics } from './metrics/metrics';
import { MetricsModule } from './metrics/metrics.module';
import { requestMetrics } from './metrics/request-metrics';
import { httpLoggerOptions, logDestination } from './logging/logger-options';
import { MembersModule } from './members/members.module';
import { OrganisationsModule } from './organisations/organisations.module';
import { PartnersModule } from './partners/partners.module';
import { ProtectedWindowsModule } from './protected-windows/protected-windows.module';
import { ReviewsModule } from './reviews/reviews.module';
import { CalendarDateScalar } from './common/graphql/calendar-date.scalar';

@Module({})
export class AppModule {
  /** `graphql: false` for the CLI: its commands call services, and building the schema cost every run half a second. */
  static forRoot(config: AppConfig, databaseUrl: string, { graphql = true } = {}): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [
        ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load: [() => config] }),
        LoggerModule.forRoot({
          pinoHttp: [{ ...httpLoggerOptions(config), autoLogging: { ignore: (req) => /^\/(health|metrics)(\/|\?|$)/.test(req.url ?? '') } }, logDestination(config)],
        }),
        TypeOrmModule.forRoot({
          ...dataSourceOptions(databaseUrl, config.databasePoolSize, {
            statementTimeoutMs: config.databaseStatementTimeoutMs,
            idleInTransactionTimeoutMs: config.databaseIdleInTransactionTimeoutMs,
            lockTimeoutMs: config.databaseLockTimeoutMs,
          }),
          autoLoadEntities: true,
          migrationsRun: false,
          retryAttempts: 10,
          retryDelay: 2000,
        }),
        ...(graphql ? [graphqlModule(config)] : []),
        AuditModule,
        AuthModule,
        ApiKeysModule,
        SignInModule,
        HealthModule,
        MetricsModule,
        OrganisationsModule,
        MembersModule,
        AreasModule,
        AudiencesModule,
        ConsultationsModule,
        ConflictsModule,
        DigestModule,
        CalendarModule,
        CalendarFeedsModule,
        SpreadsheetsModule,
        FindingsModule,
        ForwardLookModule,
        PartnersModule,
        ReviewsModule,
        ProtectedWindowsModule,
      ],
      providers: [
        CalendarDateScalar,
        { provide: APP_PIPE, useClass: NoNulCharacters },
        { provide: APP_PIPE, useFactory: validationPipe },
        { provide: APP_FILTER, useClass: ResolverErrorsFilter },
        { provide: APP_CONFIG, useValue: config },
        { provide: DATABASE_URL, useValue: databaseUrl },
        Clock,
      ],
      exports: [APP_CONFIG, DATABASE_URL, Clock],
    };
  }
}

function graphqlModule(config: AppConfig): DynamicModule {
  const errorLogger = new Logger('GraphQL');
  return GraphQLModule.forRootAsync<ApolloDriverConfig>({
    driver: ApolloDriver,
    imports: [LoadersModule],
    inject: [LoadersFactory, AuthService, RateLimitService, Metrics],
    useFactory: (loaders: LoadersFactory, auth: AuthService, rateLimit: RateLimitService, metrics: Metrics): ApolloDriverConfig => {
      const limits = queryLimits(config.graphql);
      const heavyLane = new HeavyLane(config.graphql.heavyWork, config.graphql.heavyAtOnce, config.graphql.heavyWaiting);
      return {
        autoSchemaFile: true,
        // Compact JSON: Apollo's default indents every response, which at hundreds of
        // conflicts costs the server time and the client bytes.
        stringifyResult: (result) => JSON.stringify(result),
        sortSchema: true,
        path: '/graphql',
        fieldResolverEnhancers: ['guards'],
        csrfPrevention: true,
        allowBatchedHttpRequests: false,
        introspection: config.graphql.introspection !== 'off',
        validationRules: limits.validationRules,
        parseOptions: limits.parseOptions,
        // Not the Playground nest/apollo would add (from a CDN, and made for Apollo Server 4): this page.
        playground: false,
        plugins: [localLandingPage(config.publicBaseUrl), ...limits.plugins, literalInputErrors(), idArguments(), requestGate(auth, rateLimit, config.graphql), queryWorkLimit(config.graphql.maxWork, WORK_ESTIMATORS, heavyLane, chargeWork(rateLimit)), ...uncacheableResponses(), ...(metrics.enabled ? [requestMetrics(metrics)] : [])],
        includeStacktraceInErrorResponses: false,
        context: ({ req }: { req: unknown }) => ({ req, [LOADERS]: loaders.create() }),
        formatError: formatError((error) => errorLogger.error(error), config.nodeEnv !== 'production'),
      };
    },
  });
}
