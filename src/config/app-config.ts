import { parseExpression } from 'cron-parser';
import { IANAZone } from 'luxon';
import { isIP } from 'node:net';
import { totalmem } from 'node:os';
import { resolve } from 'node:path';
import { parseIsoWeek } from '../common/dates/iso-week';
import { AdviceSettings, DEFAULT_ADVICE_SETTINGS } from '../conflicts/advice.rules';
import { ClashRules, DEFAULT_CLASH_RULES, SEVERITIES } from '../conflicts/clash-rules';
import { IdentityProviders, parseIdentityProviders } from './identity-providers';

// The one place that reads process.env. Everything else receives a validated AppConfig.
export interface AppConfig {
  nodeEnv: 'development' | 'production' | 'test';
  host: string;
  port: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** text: a line a record for a person at a terminal; json: pino's records for a log collector. */
  logFormat: 'text' | 'json';
  databaseUrl: string | undefined;
  databasePoolSize: number;
  /** How long start-up waits for PostgreSQL to answer (0: try once). */
  databaseWaitSeconds: number;
  /** The longest a statement on the service's pool may run (PostgreSQL statement_timeout; 0: no limit). */
  databaseStatementTimeoutMs: number;
  /** How long a session of the service's pool may sit inside a transaction doing nothing (PostgreSQL idle_in_transaction_session_timeout; 0: no limit). */
  databaseIdleInTransactionTimeoutMs: number;
  /** The longest a statement on the service's pool waits for a lock another transaction holds (PostgreSQL lock_timeout; 0: no limit). */
  databaseLockTimeoutMs: number;
  /** How long one GraphQL request may go on before it is stopped with REQUEST_TIMEOUT (0: no limit). */
  requestDeadlineMs: number;
  /** The same for an import (importConsultations, importAreas): a file at its row limit takes longer. */
  importDeadlineMs: number;
  embeddedPostgres: { port: number; dataDir: string; sharedBuffersMb: number };
  publicBaseUrl: string;
  runMigrationsOnStart: boolean;
  seedOnStart: boolean;
  clashRules: ClashRules;
  /** The good-practice checks (ADVICE) in a plan's check (see the README's "Good-practice checks"). */
  advice: AdviceSettings;
  review: ReviewConfig;
  digest: DigestConfig;
  smtp: SmtpConfig | undefined;
  mailFrom: string;
  graphql: GraphqlConfig;
  signIn: SignInConfig;
  /** Single sign-on: each organisation's OpenID Connect provider, by organisation code (OIDC_PROVIDERS). */
  identityProviders: IdentityProviders;
  /** The bearer token GET /metrics asks for; metrics are off without one. */
  metricsToken: string | undefined;
  /** How long an area, audience or organisation read once is kept in memory (0: read every time). */
  referenceCacheSeconds: number;
  /** Express's 'trust proxy': false (the socket's address is the client's), a hop count, or proxies' addresses. */
  trustProxy: TrustProxy;
  /** Per client address, requests a minute without a valid key or feed token (0: no limit). */
  anonymousRateLimitPerMinute: number;
  findings: FindingsConfig;
  /** How long the public forward look's page, feeds and CSV are kept once made, per filter (0: made every time). */
  forwardLookCacheSeconds: number;
  /** Whether this instance brings neighbours' conflicts up to date after writes (ConflictRefreshQueue); false: it only queues them. */
  conflictRefreshWorker: boolean;
}

/** Which plans need the network coordinator's agreement before launch (see the README's "Network review"). */
export interface ReviewConfig {
  /** A plan asking an ALL_ASKED audience (a panel, the parish councils: every member is asked). */
  panelUse: boolean;
  /** A plan with an unacknowledged HIGH clash: the coordinator's agreement lets it launch over them. */
  unacknowledgedHigh: boolean;
}

/** Reporting back and reuse (see the README's "Findings"). */
export interface FindingsConfig {
  /** A closed consultation's response is due this many weeks after it closes. */
  responseDueWeeks: number;
  /** How far back the findings search looks by default, and how old findings a duplicate still names. */
  lookAroundMonths: number;
}

/** How people sign in (see the README's "Signing in"). */
export interface SignInConfig {
  /** A session not used for this long ends. */
  sessionIdleMinutes: number;
  /** A session ends this long after sign-in, however busy. */
  sessionMaxHours: number;
  /** An emailed sign-in link works once, within this time. */
  emailLinkMinutes: number;
  /** Sign-in links asked for one address in an hour. */
  emailLinksPerAddressPerHour: number;
  /** Sign-in links asked for from one client address in an hour. */
  emailLinksPerClientPerHour: number;
  /** The session cookie is sent only over TLS: PUBLIC_BASE_URL is https. */
  secureCookie: boolean;
}

export type TrustProxy = false | number | string[];

/** Limits on what one GraphQL request may ask (see the README's "Limits"). */
export interface GraphqlConfig {
  maxDepth: number;
  maxCost: number;
  /** The most work one request may ask for: area × audience pairs judged (× days tried for suggestWindows), calendar cells. */
  maxWork: number;
  /** Work from which a request is heavy: it waits its turn in the heavy lane (heavy-lane.ts). */
  heavyWork: number;
  /** Heavy requests run at once in this process; the rest wait in order. */
  heavyAtOnce: number;
  /** Heavy requests that may wait; one more is refused SERVICE_BUSY. */
  heavyWaiting: number;
  /** Threads that run heavy requests' judging off the event loop (judging-threads.ts); 0: on it, paced. */
  judgingThreads: number;
  /** How far below the event loop's the judging threads' priority is (Linux nice, 0–19). */
  judgingThreadNice: number;
  maxAliases: number;
  maxTokens: number;
  maxDirectives: number;
  /** Who may read the schema: members with a key, anyone, or nobody. */
  introspection: 'authenticated' | 'on' | 'off';
  /** Requests per minute per API key; 0 turns the limit off. */
  rateLimitPerMinute: number;
  /** MB of bodies over 64 KB (imports, long lists) per minute per API key; 0 turns the limit off. */
  rateLimitBodyMbPerMinute: number;
  /** Estimated work (GRAPHQL_MAX_WORK's units) per minute per member; 0 turns the limit off. */
  rateLimitWorkPerMinute: number;
}

export interface DigestConfig {
  /** Run the weekly schedule and the send workers in this process. */
  schedule: boolean;
  cron: string;
  timezone: string;
  retryLimit: number;
  retryDelaySeconds: number;
  /** A send claimed longer ago than this, and never recorded, is marked UNCERTAIN. */
  staleSendMinutes: number;
  sendConcurrency: number;
  /** Where digests go as .eml files when no SMTP server is configured. */
  outboxDir: string;
  /** The first ISO week ("2027-W02") the schedule plans or catches up; none before it. */
  startWeek: string | undefined;
}

export interface SmtpConfig {
  host: string;
  port: number;
  secure: boolean;
  requireTls: boolean;
  user: string | undefined;
  password: string | undefined;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

class EnvReader {
  readonly problems: string[] = [];
  constructor(private readonly env: Env) {}

  string(name: string, fallback: string): string {
    const value = this.env[name]?.trim();
    return value ? value : fallback;
  }

  optional(name: string): string | undefined {
    const value = this.env[name]?.trim();
    return value ? value : undefined;
  }

  /** A secret, never repeated in a problem: unset, or at least `minLength` characters. */
  secret(name: string, minLength: number): string | undefined {
    const raw = this.optional(name);
    if (raw !== undefined && raw.length < minLength) this.problems.push(`${name} must be at least ${minLength} characters long`);
    return raw;
  }

  int(name: string, fallback: number, min: number, max: number): number {
    const raw = this.optional(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      this.problems.push(`${name}="${raw}" must be a whole number from ${min} to ${max}`);
      return fallback;
    }
    return value;
  }

  bool(name: string, fallback: boolean): boolean {
    const raw = this.optional(name)?.toLowerCase();
    if (raw === undefined) return fallback;
    if (['true', '1', 'yes'].includes(raw)) return true;
    if (['false', '0', 'no'].includes(raw)) return false;
    this.problems.push(`${name}="${raw}" must be true or false`);
    return fallback;
  }

  number(name: string, fallback: number, min: number, max: number): number {
    const raw = this.optional(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isFinite(value) || value < min || value > max) {
      this.problems.push(`${name}="${raw}" must be a number from ${min} to ${max}`);
      return fallback;
    }
    return value;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const raw = this.optional(name);
    if (raw === undefined) return fallback;
    if ((allowed as readonly string[]).includes(raw)) return raw as T;
    this.problems.push(`${name}="${raw}" must be one of ${allowed.join(', ')}`);
    return fallback;
  }

  isoWeek(name: string): string | undefined {
    const raw = this.optional(name);
    if (raw === undefined) return undefined;
    const week = parseIsoWeek(raw);
    if (!week) this.problems.push(`${name}="${raw}" must be an ISO week that exists, such as 2027-W02`);
    return week?.id;
  }

  cron(name: string, fallback: string, timezone: string): string {
    const raw = this.optional(name) ?? fallback;
    try {
      if (raw.split(/\s+/).length !== 5) throw new Error('fields');
      parseExpression(raw, { tz: timezone });
      return raw;
    } catch {
      this.problems.push(`${name}="${raw}" must be a 5-field cron expression such as "0 7 * * 1" (minute hour day month weekday)`);
      return fallback;
    }
  }

  timezone(name: string, fallback: string): string {
    const raw = this.optional(name) ?? fallback;
    if (IANAZone.isValidZone(raw)) return raw;
    this.problems.push(`${name}="${raw}" must be an IANA time zone such as Europe/London`);
    return fallback;
  }

  /**
   * Unset or false: no proxy. A whole number: that many proxies in front (1: the address the one
   * proxy gives in X-Forwarded-For). Otherwise the proxies' addresses or subnets, comma-separated
   * (Express's names loopback, linklocal and uniquelocal too). `true` (trust anyone) is refused:
   * any client could then choose its own address and escape the per-address limit.
   */
  trustProxy(name: string): TrustProxy {
    const raw = this.optional(name);
    if (raw === undefined || ['false', 'off', 'no', '0'].includes(raw.toLowerCase())) return false;
    if (/^\d+$/.test(raw)) return this.int(name, 0, 0, 100);
    const entries = raw.split(',').map((e) => e.trim()).filter(Boolean);
    const bad = entries.filter((e) => !isProxyAddress(e));
    if (bad.length === 0 && entries.length > 0) return entries;
    this.problems.push(`${name}="${raw}" must be false, a number of proxies (such as 1), or the proxies' addresses or subnets separated by commas (such as 10.0.0.2,10.1.0.0/16)`);
    return false;
  }

  url(name: string, fallback: string | undefined, protocols: string[]): string | undefined {
    const raw = this.optional(name);
    if (raw === undefined) return fallback;
    try {
      const parsed = new URL(raw);
      if (!protocols.includes(parsed.protocol)) throw new Error('protocol');
      return raw;
    } catch {
      this.problems.push(`${name} must be a ${protocols.join(' or ')} URL`);
      return fallback;
    }
  }
}

export function loadConfig(env: Env = process.env): AppConfig {
  const read = new EnvReader(env);
  const nodeEnv = read.oneOf('NODE_ENV', ['development', 'production', 'test'] as const, 'development');
  const port = read.int('PORT', 3000, 1, 65535);
  const host = read.string('HOST', '127.0.0.1');
  // One setting for both: the findings search's default reach, and how far a DUPLICATE reaches to an earlier consultation's findings.
  const findingsLookAroundMonths = read.int('FINDINGS_LOOKAROUND_MONTHS', DEFAULT_CLASH_RULES.findingsLookAroundMonths, 1, 240);
  const config: AppConfig = {
    nodeEnv,
    host,
    port,
    logLevel: read.oneOf('LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const, nodeEnv === 'test' ? 'silent' : 'info'),
    logFormat: read.oneOf('LOG_FORMAT', ['text', 'json'] as const, process.stdout.isTTY ? 'text' : 'json'),
    databaseUrl: read.url('DATABASE_URL', undefined, ['postgres:', 'postgresql:']),
    databasePoolSize: read.int('DATABASE_POOL_SIZE', 10, 1, 200),
    databaseWaitSeconds: read.int('DATABASE_WAIT_SECONDS', 60, 0, 3600),
    databaseStatementTimeoutMs: read.int('DATABASE_STATEMENT_TIMEOUT_MS', 5000, 0, 3_600_000),
    databaseIdleInTransactionTimeoutMs: read.int('DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS', 30_000, 0, 3_600_000),
    // Under the statement timeout, which counts lock waits too: a change kept waiting by others is told so, not "asked for too much".
    databaseLockTimeoutMs: read.int('DATABASE_LOCK_TIMEOUT_MS', 3000, 0, 3_600_000),
    requestDeadlineMs: read.int('REQUEST_DEADLINE_MS', 30_000, 0, 3_600_000),
    importDeadlineMs: read.int('IMPORT_DEADLINE_MS', 120_000, 0, 3_600_000),
    embeddedPostgres: {
      port: read.int('EMBEDDED_PG_PORT', 54329, 1024, 65535),
      dataDir: resolve(read.string('EMBEDDED_PG_DATA_DIR', '.data/postgres')),
      sharedBuffersMb: read.int('EMBEDDED_PG_SHARED_BUFFERS_MB', defaultSharedBuffersMb(), 16, 65_536),
    },
    publicBaseUrl: read.url('PUBLIC_BASE_URL', `http://${host}:${port}`, ['http:', 'https:'])!.replace(/\/$/, ''),
    runMigrationsOnStart: read.bool('RUN_MIGRATIONS_ON_START', true),
    seedOnStart: read.bool('SEED_ON_START', true),
    clashRules: clashRules(read, findingsLookAroundMonths),
    advice: adviceSettings(read),
    // Off unless the network agrees a review policy: on, plans already PLANNED would wait for agreement at launch.
    review: { panelUse: read.bool('REVIEW_PANEL_USE', false), unacknowledgedHigh: read.bool('REVIEW_UNACKNOWLEDGED_HIGH', false) },
    digest: digestConfig(read, nodeEnv),
    smtp: smtpConfig(read),
    mailFrom: read.string('MAIL_FROM', 'Consultation Calendar <consultation-calendar@localhost>'),
    graphql: {
      maxDepth: read.int('GRAPHQL_MAX_DEPTH', 12, 3, 100),
      maxCost: read.int('GRAPHQL_MAX_COST', 20_000, 100, 1_000_000),
      maxWork: read.int('GRAPHQL_MAX_WORK', 100_000, 1, 1_000_000_000),
      heavyWork: read.int('HEAVY_REQUEST_WORK', 5_000, 1, 1_000_000_000),
      heavyAtOnce: read.int('HEAVY_REQUESTS_AT_ONCE', 1, 1, 1000),
      heavyWaiting: read.int('HEAVY_REQUESTS_WAITING', 20, 0, 100_000),
      judgingThreads: read.int('JUDGING_THREADS', 1, 0, 64),
      // Lowered, the event loop's thread gets a busy core first. Not in tests, which share the cores with other test processes a lowered thread would wait on.
      judgingThreadNice: read.int('JUDGING_THREAD_NICE', nodeEnv === 'test' ? 0 : 10, 0, 19),
      maxAliases: read.int('GRAPHQL_MAX_ALIASES', 15, 0, 1000),
      maxTokens: read.int('GRAPHQL_MAX_TOKENS', 2000, 100, 100_000),
      maxDirectives: read.int('GRAPHQL_MAX_DIRECTIVES', 20, 0, 1000),
      introspection: read.oneOf('GRAPHQL_INTROSPECTION', ['authenticated', 'on', 'off'] as const, 'authenticated'),
      rateLimitPerMinute: read.int('RATE_LIMIT_PER_MINUTE', 600, 0, 1_000_000),
      rateLimitBodyMbPerMinute: read.int('RATE_LIMIT_BODY_MB_PER_MINUTE', 20, 0, 100_000),
      rateLimitWorkPerMinute: read.int('RATE_LIMIT_WORK_PER_MINUTE', 300_000, 0, 1_000_000_000),
    },
    metricsToken: read.secret('METRICS_TOKEN', 16),
    referenceCacheSeconds: read.int('REFERENCE_CACHE_SECONDS', 60, 0, 86_400),
    trustProxy: read.trustProxy('TRUST_PROXY'),
    anonymousRateLimitPerMinute: read.int('ANONYMOUS_RATE_LIMIT_PER_MINUTE', 120, 0, 1_000_000),
    signIn: {
      sessionIdleMinutes: read.int('SESSION_IDLE_MINUTES', 120, 1, 10_080),
      sessionMaxHours: read.int('SESSION_MAX_HOURS', 12, 1, 720),
      emailLinkMinutes: read.int('EMAIL_LINK_MINUTES', 15, 1, 1440),
      emailLinksPerAddressPerHour: read.int('EMAIL_LINKS_PER_ADDRESS_PER_HOUR', 5, 1, 1000),
      emailLinksPerClientPerHour: read.int('EMAIL_LINKS_PER_CLIENT_PER_HOUR', 30, 1, 100_000),
      secureCookie: read.optional('PUBLIC_BASE_URL')?.startsWith('https:') ?? false,
    },
    identityProviders: parseIdentityProviders(read.optional('OIDC_PROVIDERS'), read.problems),
    findings: {
      responseDueWeeks: read.int('RESPONSE_DUE_WEEKS', 12, 1, 104),
      lookAroundMonths: findingsLookAroundMonths,
    },
    forwardLookCacheSeconds: read.int('FORWARD_LOOK_CACHE_SECONDS', 60, 0, 86_400),
    conflictRefreshWorker: read.bool('CONFLICT_REFRESH_WORKER', true),
  };
  if (read.problems.length > 0) throw new ConfigError(read.problems);
  return config;
}

function clashRules(read: EnvReader, findingsLookAroundMonths: number): ClashRules {
  const d = DEFAULT_CLASH_RULES;
  const severity = (name: string, fallback: (typeof SEVERITIES)[number]) => read.oneOf(name, SEVERITIES, fallback);
  return {
    gapDays: read.int('CLASH_GAP_DAYS', d.gapDays, 0, 365),
    lookAroundDays: read.int('CLASH_LOOKAROUND_DAYS', d.lookAroundDays, 0, 1096),
    findingsLookAroundMonths,
    fatigueThreshold: read.int('CLASH_FATIGUE_THRESHOLD', d.fatigueThreshold, 1, 100),
    fatigueWindowDays: read.int('CLASH_FATIGUE_WINDOW_DAYS', d.fatigueWindowDays, 1, 366),
    similarityThreshold: read.number('CLASH_SIMILARITY_THRESHOLD', d.similarityThreshold, 1, 1000),
    commonWordShare: read.number('CLASH_COMMON_WORD_SHARE', d.commonWordShare, 0.001, 1),
    commonWordMinimum: read.int('CLASH_COMMON_WORD_MINIMUM', d.commonWordMinimum, 2, 1_000_000),
    houseStyleShare: read.number('CLASH_HOUSE_STYLE_SHARE', d.houseStyleShare, 0.01, 1),
    severity: {
      allAsked: severity('CLASH_SEVERITY_ALL_ASKED', d.severity.allAsked),
      groupInPerson: severity('CLASH_SEVERITY_GROUP_IN_PERSON', d.severity.groupInPerson),
      group: severity('CLASH_SEVERITY_GROUP', d.severity.group),
      generalInPerson: severity('CLASH_SEVERITY_GENERAL_IN_PERSON', d.severity.generalInPerson),
      general: severity('CLASH_SEVERITY_GENERAL', d.severity.general),
      nearMiss: severity('CLASH_SEVERITY_NEAR_MISS', d.severity.nearMiss),
      allAskedNearMiss: severity('CLASH_SEVERITY_ALL_ASKED_NEAR_MISS', d.severity.allAskedNearMiss),
      duplicateOverlapping: severity('CLASH_SEVERITY_DUPLICATE_OVERLAPPING', d.severity.duplicateOverlapping),
      duplicate: severity('CLASH_SEVERITY_DUPLICATE', d.severity.duplicate),
      duplicateReported: severity('CLASH_SEVERITY_DUPLICATE_REPORTED', d.severity.duplicateReported),
      fatigue: severity('CLASH_SEVERITY_FATIGUE', d.severity.fatigue),
      protected: severity('CLASH_SEVERITY_PROTECTED', d.severity.protected),
    },
  };
}

function adviceSettings(read: EnvReader): AdviceSettings {
  const d = DEFAULT_ADVICE_SETTINGS;
  return {
    minWeeksStatutory: read.int('ADVICE_MIN_WEEKS_STATUTORY', d.minWeeksStatutory, 0, 52),
    minWeeks: read.int('ADVICE_MIN_WEEKS', d.minWeeks, 0, 52),
    closingDay: read.bool('ADVICE_CLOSING_DAY', d.closingDay),
    schoolHolidays: read.bool('ADVICE_SCHOOL_HOLIDAYS', d.schoolHolidays),
    holidayExtraWeeks: read.int('ADVICE_HOLIDAY_EXTRA_WEEKS', d.holidayExtraWeeks, 0, 26),
    noticeDays: read.int('ADVICE_NOTICE_DAYS', d.noticeDays, 0, 365),
    noticeDaysWide: read.int('ADVICE_NOTICE_DAYS_WIDE', d.noticeDaysWide, 0, 365),
    decisionDays: read.int('ADVICE_DECISION_DAYS', d.decisionDays, 0, 365),
  };
}

function digestConfig(read: EnvReader, nodeEnv: AppConfig['nodeEnv']): DigestConfig {
  const timezone = read.timezone('DIGEST_TIMEZONE', 'Europe/London');
  return {
    schedule: read.bool('DIGEST_SCHEDULE', nodeEnv !== 'test'),
    cron: read.cron('DIGEST_CRON', '0 7 * * 1', timezone),
    timezone,
    retryLimit: read.int('DIGEST_RETRY_LIMIT', 8, 0, 100),
    retryDelaySeconds: read.int('DIGEST_RETRY_DELAY_SECONDS', 30, 1, 86_400),
    staleSendMinutes: read.int('DIGEST_STALE_SEND_MINUTES', 15, 1, 1440),
    sendConcurrency: read.int('DIGEST_SEND_CONCURRENCY', 25, 1, 100),
    outboxDir: resolve(read.string('DIGEST_OUTBOX_DIR', '.data/outbox')),
    startWeek: read.isoWeek('DIGEST_START_WEEK'),
  };
}

// Without SMTP_HOST the digests go to the outbox folder instead (development).
function smtpConfig(read: EnvReader): SmtpConfig | undefined {
  const host = read.optional('SMTP_HOST');
  const secure = read.bool('SMTP_SECURE', false);
  const config: SmtpConfig = {
    host: host ?? '',
    port: read.int('SMTP_PORT', secure ? 465 : 587, 1, 65535),
    secure,
    requireTls: read.bool('SMTP_REQUIRE_TLS', false),
    user: read.optional('SMTP_USER'),
    password: read.optional('SMTP_PASSWORD'),
  };
  if (config.password && !config.user) read.problems.push('SMTP_PASSWORD is set but SMTP_USER is not');
  return host ? config : undefined;
}

function isProxyAddress(entry: string): boolean {
  if (['loopback', 'linklocal', 'uniquelocal'].includes(entry)) return true;
  const [address, prefix, ...rest] = entry.split('/');
  const version = isIP(address);
  if (version === 0 || rest.length > 0) return false;
  return prefix === undefined || (/^\d+$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128));
}

/**
 * PostgreSQL's own default of 128 MB holds a county's register many times over, but not a
 * national one: at a million consultations a county-wide check reads a thousand pages from the
 * operating system. An eighth of the memory, between 128 MB and 1 GB, leaves the rest to the
 * service and the page cache.
 */
export function defaultSharedBuffersMb(totalBytes = totalmem()): number {
  return Math.min(1024, Math.max(128, Math.floor(totalBytes / 8 / 2 ** 20)));
}
