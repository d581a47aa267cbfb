import { ConfigError, defaultSharedBuffersMb, loadConfig } from './app-config';

describe('loadConfig', () => {
  it('runs with no configuration at all: local port, embedded database, default clash rules', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ host: '127.0.0.1', port: 3000, databaseUrl: undefined, runMigrationsOnStart: true, seedOnStart: true });
    expect(config.embeddedPostgres.port).toBe(54329);
    expect(config.embeddedPostgres.dataDir).toMatch(/\.data\/postgres$/);
    expect(config.publicBaseUrl).toBe('http://127.0.0.1:3000');
    expect(config.clashRules.gapDays).toBe(14);
  });

  it('reads each setting from its variable', () => {
    const config = loadConfig({
      PORT: '8080',
      DATABASE_URL: 'postgres://cc@db:5432/cc',
      PUBLIC_BASE_URL: 'https://calendar.staffs.example/',
      SEED_ON_START: 'no',
      CLASH_GAP_DAYS: '7',
      CLASH_SEVERITY_GENERAL: 'MEDIUM',
      CLASH_SIMILARITY_THRESHOLD: '15',
    });
    expect(config).toMatchObject({ port: 8080, databaseUrl: 'postgres://cc@db:5432/cc', publicBaseUrl: 'https://calendar.staffs.example', seedOnStart: false });
    expect(config.clashRules).toMatchObject({ gapDays: 7, similarityThreshold: 15, severity: expect.objectContaining({ general: 'MEDIUM', allAsked: 'HIGH' }) });
  });

  it('gives the embedded PostgreSQL an eighth of the memory for its buffers, from 128 MB to 1 GB, unless told', () => {
    const gb = 2 ** 30;
    expect([0.5, 2, 4, 8, 24].map((memory) => defaultSharedBuffersMb(memory * gb))).toEqual([128, 256, 512, 1024, 1024]);
    expect(loadConfig({}).embeddedPostgres.sharedBuffersMb).toBe(defaultSharedBuffersMb());
    expect(loadConfig({ EMBEDDED_PG_SHARED_BUFFERS_MB: '300' }).embeddedPostgres.sharedBuffersMb).toBe(300);
    expect(() => loadConfig({ EMBEDDED_PG_SHARED_BUFFERS_MB: '1TB' })).toThrow(/EMBEDDED_PG_SHARED_BUFFERS_MB/);
  });

  it('lists every bad variable at once, each with what it must be', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', SEED_ON_START: 'maybe', CLASH_SEVERITY_FATIGUE: 'URGENT', CLASH_SIMILARITY_THRESHOLD: '0.45' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      'PORT="eighty" must be a whole number from 1 to 65535',
      'DATABASE_URL must be a postgres: or postgresql: URL',
      'SEED_ON_START="maybe" must be true or false',
      'CLASH_SIMILARITY_THRESHOLD="0.45" must be a number from 1 to 1000',
      'CLASH_SEVERITY_FATIGUE="URGENT" must be one of HIGH, MEDIUM, LOW',
    ]);
  });

  it('reads DIGEST_START_WEEK as an ISO week, and refuses one that does not exist', () => {
    expect(loadConfig({}).digest.startWeek).toBeUndefined();
    expect(loadConfig({ DIGEST_START_WEEK: ' 2027-W02 ' }).digest.startWeek).toBe('2027-W02');
    expect(() => loadConfig({ DIGEST_START_WEEK: '2027-W53' })).toThrow('DIGEST_START_WEEK="2027-W53" must be an ISO week that exists, such as 2027-W02');
    expect(() => loadConfig({ DIGEST_START_WEEK: '2027-01-11' })).toThrow(/DIGEST_START_WEEK/);
  });

  it('turns metrics on with a token of at least 16 characters, and never repeats a short one', () => {
    expect(loadConfig({}).metricsToken).toBeUndefined();
    expect(loadConfig({ METRICS_TOKEN: 'scrape-me-please-0123' }).metricsToken).toBe('scrape-me-please-0123');
    let error: unknown;
    try {
      loadConfig({ METRICS_TOKEN: 'hunter2' });
    } catch (e) {
      error = e;
    }
    expect((error as ConfigError).problems).toEqual(['METRICS_TOKEN must be at least 16 characters long']);
  });

  it('trusts no proxy unless told, then a hop count or the proxies\' addresses; never anyone at all', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.2, 10.1.0.0/16,loopback, ::1' }).trustProxy).toEqual(['10.0.0.2', '10.1.0.0/16', 'loopback', '::1']);
    for (const bad of ['true', '10.0.0.300', '10.0.0.0/33', 'proxy.example.org']) expect(() => loadConfig({ TRUST_PROXY: bad })).toThrow(/TRUST_PROXY/);
  });

  it('limits requests without a valid key to 120 a minute per address unless told', () => {
    expect(loadConfig({}).anonymousRateLimitPerMinute).toBe(120);
    expect(loadConfig({ ANONYMOUS_RATE_LIMIT_PER_MINUTE: '0' }).anonymousRateLimitPerMinute).toBe(0);
  });
});
