import autocannon from 'autocannon';
import { randomUUID } from 'node:crypto';
import { HostileReport, registerRealisticYear, startAttacks } from './hostile-mix';
import { average, writeResults } from './support/results';
import { createMembers, machine, startServiceUnderTest } from './support/service-under-test';
import { sql } from './support/throwaway-database';

// npm run soak: the service as it runs in production (a process of its own, on the embedded
// PostgreSQL or DATABASE_URL), under 10 connections from 10 members mixing reads, clash checks
// and registrations for SOAK_SECONDS (default 300) or SOAK_MAX_REQUESTS, on loopback only.
// Passes when no response is a 5xx, no GraphQL error other than RATE_LIMITED comes back, and
// the service's memory is flat (last minute within 25% of the second). Writes
// bench/results/soak-<date>.json and .md.
//
// npm run soak -- --hostile: the same members at a member's pace (SOAK_MEMBER_RATE requests a
// second in all, default 20, at random moments) on the realistic year 2027, alone for SOAK_QUIET_SECONDS (30), then while attackers send the heaviest
// requests the limits admit, requests over them, floods without a key and oversized bodies
// (bench/hostile-mix.ts). Passes when members' p95 stays under 100 ms with no 5xx and no error,
// and /health/live answers every time within a second. Writes soak-hostile-<date>.
const HOSTILE = process.argv.includes('--hostile');
// Ten people at their planners at once, each asking every half second or so: a busy hour for a county.
const MEMBER_RATE = Number(process.env.SOAK_MEMBER_RATE ?? 20);
const SECONDS = Number(process.env.SOAK_SECONDS ?? (HOSTILE ? 120 : 300));
const QUIET_SECONDS = Number(process.env.SOAK_QUIET_SECONDS ?? 30);
const MAX_REQUESTS = Number(process.env.SOAK_MAX_REQUESTS ?? 500_000);
const CONNECTIONS = 10;
const ORGANISATIONS = ['TBC', 'LDC', 'SBC', 'CCDC', 'ESBC', 'SP', 'SFRS', 'SSOT-ICB', 'SCC', 'SSOT-VCS'];
const AUDIENCES = ['RESIDENTS', 'YOUNG_PEOPLE', 'OLDER_PEOPLE', 'TENANTS', 'BUSINESSES', 'CITIZENS_PANEL'];
const CHANNELS = ['ONLINE_SURVEY', 'PUBLIC_MEETING', 'DROP_IN', 'PANEL_SURVEY'];

interface Mix {
  name: string;
  weight: number;
  body(wards: string[]): { query: string; variables?: Record<string, unknown> };
}

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)];
const day = (offset: number) => new Date(Date.UTC(2027, 0, 4) + offset * 86_400_000).toISOString().slice(0, 10);
const plan = (wards: string[], title: string) => {
  const start = Math.floor(Math.random() * 1800);
  return {
    title,
    areaCodes: [Math.random() < 0.15 ? pick(['E07000199', 'E07000194', 'E10000028']) : pick(wards)],
    audienceCodes: [pick(AUDIENCES)],
    channels: [pick(CHANNELS)],
    topics: [pick(['parking', 'libraries', 'budget', 'policing', 'health'])],
    startDate: day(start),
    endDate: day(start + 14 + Math.floor(Math.random() * 60)),
  };
};

const MIX: Mix[] = [
  {
    name: 'list consultations',
    weight: 30,
    body: () => ({ query: `{ consultations(first: 25) { totalCount edges { node { id title startDate organisation { code } areas { code } audiences { code } conflicts { kind severity } } } } }` }),
  },
  {
    name: 'load calendar',
    weight: 10,
    body: () => ({ query: `{ calendar(from: "2027-01-04", to: "2027-12-31", granularity: MONTH) { periods { label cells { count level } } } }` }),
  },
  {
    name: 'check a plan',
    weight: 58,
    body: (wards) => ({ query: `query($input: ConsultationInput!) { checkConsultation(input: $input) { kind severity explanation } }`, variables: { input: plan(wards, 'Planning form draft') } }),
  },
  {
    name: 'register',
    // A county registers hundreds a year, not thousands a minute: enough writes to exercise the
    // locks and stored conflicts while the register stays the size of a busy county's.
    weight: 2,
    body: (wards) => ({ query: `mutation($input: ConsultationInput!) { registerConsultation(input: $input) { id conflicts { kind } } }`, variables: { input: plan(wards, `Soak ${randomUUID()}`) } }),
  },
];

async function main() {
  // Under attack the limits stay at their defaults: members keep well inside them at their pace.
  // SOAK_NODE_ARGS: flags for the service's node, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" to see where its time goes.
  const service = await startServiceUnderTest(HOSTILE ? 'soak_hostile' : 'soak', HOSTILE ? {} : { RATE_LIMIT_PER_MINUTE: '6000' }, process.env.SOAK_NODE_ARGS?.split(' ') ?? []);
  try {
    const url = service.databaseUrl;
    const baseUrl = service.baseUrl;
    if (HOSTILE) await registerRealisticYear(baseUrl, url);
    const keys = await createMembers(url, ORGANISATIONS);
    const wards: string[] = (await sql(url, `SELECT a.code FROM area a WHERE a.level = 'WARD' ORDER BY a.code`)).map((r) => r.code as string);

    let quiet: { p50: number; p95: number; p99: number; byKind: Record<string, { p50: number; p95: number }> } | undefined;
    if (HOSTILE) {
      // The same members first on their own: what the attacks cost them is the difference.
      console.log(`Members alone for ${QUIET_SECONDS} s at ${MEMBER_RATE}/s`);
      const alone = await members(baseUrl, keys, wards, QUIET_SECONDS);
      quiet = { p50: percentile(alone.latencies, 0.5), p95: percentile(alone.latencies, 0.95), p99: percentile(alone.latencies, 0.99), byKind: alone.p95ByKind };
    }
    console.log(`Soaking with ${CONNECTIONS} connections for ${SECONDS} s (at most ${MAX_REQUESTS} requests)${HOSTILE ? `, members at ${MEMBER_RATE}/s, under attack` : ''}`);
    const stopAttacks = HOSTILE ? await startAttacks(baseUrl, url) : undefined;
    // The cores are shared: the service, its PostgreSQL, this process (the members) and the attackers'.
    const serviceCpu = service.cpuSince();
    const ownCpu = process.cpuUsage();
    const memory: { second: number; rssMb: number }[] = [];
    const started = Date.now();
    const sampler = setInterval(() => memory.push({ second: Math.round((Date.now() - started) / 1000), rssMb: service.rssMb() }), 5000);
    const { result, latencies, errors, byKind, p95ByKind } = await members(baseUrl, keys, wards, SECONDS);
    const hostile = await stopAttacks?.();
    const used = serviceCpu();
    const own = process.cpuUsage(ownCpu);
    const cores = (seconds: number) => Math.round((seconds / SECONDS) * 100) / 100;
    const coresUsed = { service: cores(used.service), database: cores(used.database), loadGenerator: cores((own.user + own.system) / 1e6), attackers: hostile ? cores(hostile.attackersCpuSeconds) : undefined };
    clearInterval(sampler);
    memory.push({ second: Math.round((Date.now() - started) / 1000), rssMb: service.rssMb() });

    const registered = Number((await sql(url, `SELECT count(*) AS n FROM consultation`))[0].n);
    const secondMinute = average(memory.filter((m) => m.second > 60 && m.second <= 120).map((m) => m.rssMb));
    const lastMinute = average(memory.filter((m) => m.second > memory.at(-1)!.second - 60).map((m) => m.rssMb));
    const unexpected = [...errors].filter(([code]) => code !== 'RATE_LIMITED');
    const report = {
      date: new Date().toISOString(),
      machine: machine(),
      seconds: SECONDS,
      connections: CONNECTIONS,
      requests: result.requests.total,
      requestsPerSecond: Math.round(result.requests.average),
      mix: Object.fromEntries(byKind),
      latencyMs: { p50: percentile(latencies, 0.5), p95: percentile(latencies, 0.95), p97_5: percentile(latencies, 0.975), p99: percentile(latencies, 0.99), max: result.latency.max },
      latencyByKindMs: p95ByKind,
      coresUsed,
      quietLatencyMs: quiet,
      statuses: { '2xx': result['2xx'], '4xx': result['4xx'], '5xx': result['5xx'], timeouts: result.timeouts, errors: result.errors },
      graphqlErrors: Object.fromEntries(errors),
      consultationsAtEnd: registered,
      rssMb: { secondMinute: Math.round(secondMinute), lastMinute: Math.round(lastMinute), max: Math.max(...memory.map((m) => m.rssMb)), samples: memory },
      hostile,
    };
    const steady = result['5xx'] === 0 && result.errors === 0 && result.timeouts === 0 && unexpected.length === 0 && (SECONDS < 180 || lastMinute <= secondMinute * 1.25);
    const unharmed = !hostile || (report.latencyMs.p95 < 100 && errors.size === 0 && hostile.health.failed === 0 && hostile.health.maxMs < 1000);
    const passed = steady && unharmed;
    write(report, passed);
    process.exitCode = passed ? 0 : 1;
  } finally {
    await service.stop();
  }
}

/** What the report reads of a run: autocannon's result has these, and so has membersAtTheirPace's. */
interface Totals {
  requests: { total: number; average: number };
  latency: { max: number };
  '2xx': number;
  '4xx': number;
  '5xx': number;
  timeouts: number;
  errors: number;
}

interface MembersRun {
  result: Totals;
  latencies: number[];
  errors: Map<string, number>;
  byKind: Map<string, number>;
  p95ByKind: Record<string, { p50: number; p95: number }>;
}

/** The members' mix for `seconds`: as fast as CONNECTIONS connections go, or at their pace under --hostile. */
function members(baseUrl: string, keys: string[], wards: string[], seconds: number): Promise<MembersRun> {
  return HOSTILE ? membersAtTheirPace(baseUrl, keys, wards, seconds) : membersFlatOut(baseUrl, keys, wards, seconds);
}

const byKindPercentiles = (timesByKind: Map<string, number[]>) =>
  Object.fromEntries([...timesByKind].map(([kind, times]) => [kind, { p50: percentile(times, 0.5), p95: percentile(times, 0.95) }]));

/**
 * Each of CONNECTIONS members sends one request at a time, after a pause drawn at random (arrivals
 * at MEMBER_RATE a second in all, on average), as people at their planners do; not autocannon's
 * fixed rate, which sends each second's quota at once and times the queue behind it.
 */
async function membersAtTheirPace(baseUrl: string, keys: string[], wards: string[], seconds: number): Promise<MembersRun> {
  const latencies: number[] = [];
  const errors = new Map<string, number>();
  const byKind = new Map<string, number>();
  const timesByKind = new Map<string, number[]>();
  const result: Totals = { requests: { total: 0, average: 0 }, latency: { max: 0 }, '2xx': 0, '4xx': 0, '5xx': 0, timeouts: 0, errors: 0 };
  const end = Date.now() + seconds * 1000;
  const meanPauseMs = (CONNECTIONS / MEMBER_RATE) * 1000;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async (_, i) => {
      for (;;) {
        await new Promise((resolve) => setTimeout(resolve, -Math.log(1 - Math.random()) * meanPauseMs));
        if (Date.now() >= end) return;
        const mix = weighted();
        count(byKind, mix.name);
        const started = performance.now();
        try {
          const response = await fetch(`${baseUrl}/graphql`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${keys[i % keys.length]}` },
            body: JSON.stringify(mix.body(wards)),
            signal: AbortSignal.timeout(30_000),
          });
          const parsed = safeJson(await response.text());
          const ms = performance.now() - started;
          latencies.push(ms);
          (timesByKind.get(mix.name) ?? timesByKind.set(mix.name, []).get(mix.name)!).push(ms);
          const status = `${Math.floor(response.status / 100)}xx` as '2xx' | '4xx' | '5xx';
          if (status in result) result[status]++;
          for (const error of parsed?.errors ?? []) count(errors, String(error.extensions?.code ?? error.message));
          if (!parsed) count(errors, `HTTP ${response.status} without JSON`);
        } catch (error) {
          if ((error as Error).name === 'TimeoutError') result.timeouts++;
          else result.errors++;
        }
      }
    }),
  );
  result.requests = { total: latencies.length, average: latencies.length / seconds };
  result.latency.max = Math.round(Math.max(0, ...latencies));
  return { result, latencies, errors, byKind, p95ByKind: byKindPercentiles(timesByKind) };
}

/** As fast as CONNECTIONS connections go (autocannon), with each answer's time and error codes. */
async function membersFlatOut(baseUrl: string, keys: string[], wards: string[], seconds: number): Promise<MembersRun> {
  const latencies: number[] = [];
  const errors = new Map<string, number>();
  const byKind = new Map<string, number>();
  const timesByKind = new Map<string, number[]>();
  let connection = 0;
  let sent = 0;
  // autocannon ignores `duration` when given `amount`, so the count bound is ours.
  const run = (autocannon as unknown as (options: autocannon.Options) => autocannon.Instance & Promise<autocannon.Result>)({
    url: `${baseUrl}/graphql`,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        setupRequest: (request, context: { key?: string; kind?: string; sentAt?: number }) => {
          if (++sent === MAX_REQUESTS) setImmediate(() => run.stop());
          context.key ??= keys[connection++ % keys.length];
          const mix = weighted();
          byKind.set(mix.name, (byKind.get(mix.name) ?? 0) + 1);
          // One request at a time on a connection: its answer is the next one the connection gets.
          Object.assign(context, { kind: mix.name, sentAt: performance.now() });
          return { ...request, headers: { 'content-type': 'application/json', authorization: `Bearer ${context.key}` }, body: JSON.stringify(mix.body(wards)) };
        },
        onResponse: (status, body, context: { kind?: string; sentAt?: number }) => {
          const kind = timesByKind.get(context.kind!) ?? timesByKind.set(context.kind!, []).get(context.kind!)!;
          kind.push(performance.now() - context.sentAt!);
          const parsed = safeJson(body);
          for (const error of parsed?.errors ?? []) count(errors, String(error.extensions?.code ?? error.message));
          if (!parsed) count(errors, `HTTP ${status} without JSON`);
        },
      },
    ],
  });
  run.on('response', (_client: unknown, _status: number, _bytes: number, ms: number) => latencies.push(ms));
  return { result: await run, latencies, errors, byKind, p95ByKind: byKindPercentiles(timesByKind) };
}

function weighted(): Mix {
  let roll = Math.random() * MIX.reduce((sum, m) => sum + m.weight, 0);
  for (const mix of MIX) if ((roll -= mix.weight) < 0) return mix;
  return MIX[0];
}

function write(report: Record<string, any>, passed: boolean): void {
  const hostile = report.hostile as HostileReport | undefined;
  const md = [
    `# Soak${hostile ? ' under attack' : ''} ${report.date.slice(0, 10)}: ${passed ? 'passed' : 'FAILED'}`,
    '',
    `${report.machine.cpus} × ${report.machine.cpu}, ${report.machine.memoryGb} GB, Node ${report.machine.node}, ${report.machine.database}.`,
    `${report.connections} connections for ${report.seconds} s${hostile ? ` at ${MEMBER_RATE} requests a second` : ''}, mix ${JSON.stringify(report.mix)}.`,
    '',
    ...(report.quietLatencyMs ? [`Members alone first (${QUIET_SECONDS} s): p50 ${report.quietLatencyMs.p50} ms, p95 ${report.quietLatencyMs.p95} ms, p99 ${report.quietLatencyMs.p99} ms. Then under attack:`, ''] : []),
    '| requests | req/s | p50 ms | p95 ms | p99 ms | 2xx | 4xx | 5xx | GraphQL errors | RSS 2nd min | RSS last min | consultations at end |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|',
    `| ${report.requests} | ${report.requestsPerSecond} | ${report.latencyMs.p50} | ${report.latencyMs.p95} | ${report.latencyMs.p99} | ${report.statuses['2xx']} | ${report.statuses['4xx']} | ${report.statuses['5xx']} | ${JSON.stringify(report.graphqlErrors)} | ${report.rssMb.secondMinute} MB | ${report.rssMb.lastMinute} MB | ${report.consultationsAtEnd} |`,
    '',
    `Cores used on average: the service ${report.coresUsed.service}, PostgreSQL ${report.coresUsed.database}, this process (${hostile ? 'the members' : 'the load'}) ${report.coresUsed.loadGenerator}${hostile ? `, the attackers' process ${report.coresUsed.attackers}` : ''}.`,
    '',
    `By kind, p50 / p95 ms${report.quietLatencyMs ? ' (alone → under attack)' : ''}: ${Object.entries(report.latencyByKindMs as Record<string, { p50: number; p95: number }>)
      .map(([kind, t]) => `${kind} ${report.quietLatencyMs?.byKind[kind] ? `${report.quietLatencyMs.byKind[kind].p50} / ${report.quietLatencyMs.byKind[kind].p95} → ` : ''}${t.p50} / ${t.p95}`)
      .join('; ')}.`,
    '',
    ...(hostile
      ? [
          `Meanwhile /health/live was asked ${hostile.health.asked} times: ${hostile.health.failed} failed, p99 ${hostile.health.p99Ms} ms, slowest ${hostile.health.maxMs} ms.`,
          '',
          '| attack | sent | answers |',
          '|---|---|---|',
          ...hostile.attacks.map((a) => `| ${a.name} | ${a.sent} | ${Object.entries(a.outcomes).map(([k, n]) => `${k} × ${n}`).join(', ')} |`),
          '',
        ]
      : []),
  ].join('\n');
  writeResults(`soak${hostile ? '-hostile' : ''}-${report.date.slice(0, 10)}`, report, md);
}

function percentile(values: number[], share: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * share))] ?? 0);
}

function safeJson(body: string): { errors?: { message: string; extensions?: { code?: string } }[] } | undefined {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

function count(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
