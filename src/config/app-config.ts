import { resolve } from 'node:path';
import { ClashRules, DEFAULT_CLASH_RULES, SEVERITIES } from '../conflicts/clash-rules';

// The one place that reads process.env. Everything else receives a validated AppConfig.
export interface AppConfig {
  nodeEnv: 'development' | 'production' | 'test';
  host: string;
  port: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  databaseUrl: string | undefined;
  databasePoolSize: number;
  embeddedPostgres: { port: number; dataDir: string };
  publicBaseUrl: string;
  runMigrationsOnStart: boolean;
  seedOnStart: boolean;
  clashRules: ClashRules;
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
  const config: AppConfig = {
    nodeEnv,
    host,
    port,
    logLevel: read.oneOf('LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const, nodeEnv === 'test' ? 'silent' : 'info'),
    databaseUrl: read.url('DATABASE_URL', undefined, ['postgres:', 'postgresql:']),
    databasePoolSize: read.int('DATABASE_POOL_SIZE', 10, 1, 200),
    embeddedPostgres: {
      port: read.int('EMBEDDED_PG_PORT', 54329, 1024, 65535),
      dataDir: resolve(read.string('EMBEDDED_PG_DATA_DIR', '.data/postgres')),
    },
    publicBaseUrl: read.url('PUBLIC_BASE_URL', `http://${host}:${port}`, ['http:', 'https:'])!.replace(/\/$/, ''),
    runMigrationsOnStart: read.bool('RUN_MIGRATIONS_ON_START', true),
    seedOnStart: read.bool('SEED_ON_START', true),
    clashRules: clashRules(read),
  };
  if (read.problems.length > 0) throw new ConfigError(read.problems);
  return config;
}

function clashRules(read: EnvReader): ClashRules {
  const d = DEFAULT_CLASH_RULES;
  const severity = (name: string, fallback: (typeof SEVERITIES)[number]) => read.oneOf(name, SEVERITIES, fallback);
  return {
    gapDays: read.int('CLASH_GAP_DAYS', d.gapDays, 0, 365),
    lookAroundDays: read.int('CLASH_LOOKAROUND_DAYS', d.lookAroundDays, 0, 1096),
    fatigueThreshold: read.int('CLASH_FATIGUE_THRESHOLD', d.fatigueThreshold, 1, 100),
    fatigueWindowDays: read.int('CLASH_FATIGUE_WINDOW_DAYS', d.fatigueWindowDays, 1, 366),
    similarityThreshold: read.number('CLASH_SIMILARITY_THRESHOLD', d.similarityThreshold, 0.05, 1),
    severity: {
      sharpOverlap: severity('CLASH_SEVERITY_SHARP_OVERLAP', d.severity.sharpOverlap),
      overlap: severity('CLASH_SEVERITY_OVERLAP', d.severity.overlap),
      nearMiss: severity('CLASH_SEVERITY_NEAR_MISS', d.severity.nearMiss),
      duplicateOverlapping: severity('CLASH_SEVERITY_DUPLICATE_OVERLAPPING', d.severity.duplicateOverlapping),
      duplicate: severity('CLASH_SEVERITY_DUPLICATE', d.severity.duplicate),
      fatigue: severity('CLASH_SEVERITY_FATIGUE', d.severity.fatigue),
    },
  };
}
