import autocannon from 'autocannon';
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import { CANDIDATES } from '../src/conflicts/candidates.sql';
import { connectionSettings } from '../src/database/data-source-options';
import { day, densityFrom, spanDays, World } from './register/england';
import { planAt } from './register/plans';
import { loadRegister } from './register/load';
import { Realism } from './realism/score';
import { average, median, writeResults } from './support/results';
import { createMembers, machine, ServiceUnderTest, startServiceUnderTest } from './support/service-under-test';

// npm run bench: the service's production build on a register grown to 10k, 100k and 1M
// generated consultations (BENCH_SIZES), measured over HTTP beside its ceilings — a trivial
// GraphQL query on the same server and the raw candidate SQL through pg — then the weekly digest
// for 10,000 members. Prints a table and writes bench/results/<date>.json and .md.
const SIZES = (process.env.BENCH_SIZES ?? '3000,10000,100000,1000000').split(',').map(Number);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 400);
const THROUGHPUT_SECONDS = Number(process.env.BENCH_THROUGHPUT_SECONDS ?? 5);
// The check's and the trivial query's throughput are measured in turns, round after round: this
// machine's speed drifts within minutes, and one long run of each compared two different spells.
const THROUGHPUT_ROUNDS = Number(process.env.BENCH_THROUGHPUT_ROUNDS ?? 3);
const REGISTRATIONS = Number(process.env.BENCH_REGISTRATIONS ?? 30);
const SEED = 2026;
// realistic (England's pace: the span grows with the size) or dense (five years whatever the size).
const DENSITY = densityFrom(process.env.BENCH_DENSITY);
const SQL_COUNT_FILE = join(tmpdir(), `cc-bench-sql-count-${process.pid}`);

const CHECK = `query($input: ConsultationInput!) { checkConsultation(input: $input) { kind severity explanation } }`;
// As the planner's form asks while an officer types: every conflict counted, the 25 most severe listed.
const SUMMARY = `query($input: ConsultationInput!) { checkConsultationSummary(input: $input, first: 25) { total bySeverity { severity count } conflicts { kind severity explanation } } }`;
const TRIVIAL = `{ __typename }`;
const LIST = `{ consultations(first: 100) { totalCount edges { node { id title startDate endDate organisation { name } areas { code name } audiences { code name } conflicts { kind severity explanation } } } } }`;


async function main() {
  const service = await startServiceUnderTest('bench', { RATE_LIMIT_PER_MINUTE: '0', RATE_LIMIT_WORK_PER_MINUTE: '0', BENCH_SQL_COUNT_FILE: SQL_COUNT_FILE }, ['-r', './bench/support/count-sql.js', ...(process.env.BENCH_NODE_ARGS?.split(' ') ?? [])]);
  const pool = new Pool({ connectionString: service.databaseUrl, max: 1, ...connectionSettings }); // as the service connects
  const sizes: Record<string, unknown>[] = [];
  try {
    let key: string | undefined;
    // Writes come from a Staffordshire officer and coordinator: their plans are not the generator's, which counts its own by organisation.
    const [officerKey, coordinatorKey] = [...(await createMembers(service.databaseUrl, ['SCC'])), ...(await createMembers(service.databaseUrl, ['SCC'], 'COORDINATOR'))];
    for (const size of SIZES) {
      console.log(`Growing the register to ${size} consultations`);
      const load = await loadRegister(service.databaseUrl, { total: size, seed: SEED, density: DENSITY, log: console.log });
      const span = spanDays(load.world, load.consultations);
      key ??= await firstLoad(service.baseUrl, service.databaseUrl, load.world);
      await queueDrained(pool); // the first registrations' queued work done before anything is timed
      const gql = graphql(service.baseUrl, key);
      const plans = Array.from({ length: SAMPLES }, (_, i) => planAt(load.world, i, span));
      console.log(`Measuring at ${load.consultations} consultations`);
      for (const plan of plans.slice(0, 50)) await gql(CHECK, { input: plan.input }); // warm the caches
      const check = await latency(plans.map((plan) => () => gql(CHECK, { input: plan.input })));
      const byLevel = Object.fromEntries(
        (['county', 'district', 'ward'] as const).map((level) => [level, percentiles(check.samples.filter((_, i) => plans[i].level === level))]),
      );
      // Other plans of the same mix: the checks' own would find their pages just read.
      const summary = await latency(plans.map((_, i) => planAt(load.world, SAMPLES + i, span)).map((plan) => () => gql(SUMMARY, { input: plan.input })));
      const trivial = await latency(plans.map(() => () => gql(TRIVIAL)));
      const candidateCounts: number[] = [];
      const rawSql = await latency(plans.map((plan) => async () => candidateCounts.push((await pool.query({ ...CANDIDATES, values: plan.sqlParams })).rowCount ?? 0)));
      const candidates = average(candidateCounts);
      const throughputs = await inTurns(service, key, (i) => ({ query: CHECK, variables: { input: plans[i % plans.length].input } }), () => ({ query: TRIVIAL }));
      const list = await latency(Array.from({ length: 50 }, () => () => gql(LIST)));
      const listStatements = await statementsFor(service.process.pid!, () => gql(LIST));
      const county = load.world.districts[0].map((d) => d.code);
      // The register's last year (or all of it, when it spans less).
      const calendarQuery = `{ calendar(from: "${day(Math.max(0, span - 365))}", to: "${day(Math.max(span, 365) - 1)}", granularity: WEEK, areaCodes: ${JSON.stringify(county)}) { periods { label cells { count level } } } }`;
      const calendar = await latency(Array.from({ length: 30 }, () => () => gql(calendarQuery)));
      const writes = await writeLatency(graphql(service.baseUrl, officerKey), graphql(service.baseUrl, coordinatorKey), pool, load.world, span);
      sizes.push({
        consultations: load.consultations,
        spanDays: span,
        loadSeconds: Math.round(load.seconds),
        check: check.percentiles,
        checkByLevel: byLevel,
        checkSummary: summary.percentiles,
        trivial: trivial.percentiles,
        rawCandidateSql: rawSql.percentiles,
        candidatesPerCheck: Math.round(candidates),
        ratios: { checkToTrivialP95: round(check.percentiles.p95 / trivial.percentiles.p95), checkToRawSqlP95: round(check.percentiles.p95 / rawSql.percentiles.p95) },
        throughput: throughputs.summary,
        // Steadier than requests a second on a shared machine: what each request cost the CPUs.
        cpuMsPerRequest: throughputs.cpuMs,
        list: { ...list.percentiles, sqlStatements: listStatements },
        calendarYearByWeek: calendar.percentiles,
        writes,
        rssMb: service.rssMb(),
      });
      console.log(JSON.stringify(sizes.at(-1)));
    }
  } finally {
    await pool.end();
    await service.stop();
    rmSync(SQL_COUNT_FILE, { force: true });
  }
  const digest = process.env.BENCH_DIGEST === '0' ? undefined : runDigestBench();
  const realism = process.env.BENCH_REALISM === '0' ? undefined : runRealismBench();
  write({ date: new Date().toISOString(), machine: machine(), density: DENSITY, samples: SAMPLES, throughputSeconds: THROUGHPUT_SECONDS, throughputRounds: THROUGHPUT_ROUNDS, sizes, digest, realism });
}

/** An officer to ask as, and a few real registrations so the first page has stored conflicts. */
async function firstLoad(baseUrl: string, databaseUrl: string, world: World): Promise<string> {
  const [key] = await createMembers(databaseUrl, [world.organisations[0].code]);
  const gql = graphql(baseUrl, key);
  for (let i = 0; i < 20; i++) {
    const plan = planAt(world, 10_000 + i, 1, { county: 0, startDate: day(i) });
    await gql(`mutation($input: ConsultationInput!) { registerConsultation(input: $input) { id } }`, { input: { ...plan.input, title: `${plan.input.title} ${i}` } });
  }
  return key;
}

function graphql(baseUrl: string, key: string) {
  return async (query: string, variables?: Record<string, unknown>): Promise<unknown> => {
    const response = await fetch(`${baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { errors?: { message: string }[]; data?: unknown };
    if (body.errors?.length) throw new Error(`GraphQL error: ${body.errors[0].message}`);
    return body.data;
  };
}

type Percentiles = { p50: number; p95: number; p99: number };

async function latency(calls: (() => Promise<unknown>)[]): Promise<{ samples: number[]; percentiles: Percentiles }> {
  const samples: number[] = [];
  for (const call of calls) {
    const started = process.hrtime.bigint();
    await call();
    samples.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return { samples, percentiles: percentiles(samples) };
}

function percentiles(samples: number[]): Percentiles {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => round(sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]);
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99) };
}

type GraphQL = ReturnType<typeof graphql>;

/** Until the service has done every neighbours' re-evaluation queued (conflict_refresh empty). */
async function queueDrained(pool: Pool): Promise<void> {
  while ((await pool.query(`SELECT EXISTS (SELECT 1 FROM conflict_refresh) AS waiting`)).rows[0].waiting) await new Promise((resolve) => setTimeout(resolve, 5));
}

/**
 * Each write timed alone, then the time until the neighbours' re-evaluation it queued is done
 * (`settled`, from its answer): the next write starts after that, so none is timed against another's queued work.
 */
async function writesSettled(pool: Pool, calls: (() => Promise<unknown>)[]): Promise<{ percentiles: Percentiles; settled: Percentiles }> {
  const samples: number[] = [];
  const settling: number[] = [];
  const since = (started: bigint) => Number(process.hrtime.bigint() - started) / 1e6;
  for (const call of calls) {
    let started = process.hrtime.bigint();
    await call();
    samples.push(since(started));
    started = process.hrtime.bigint();
    await queueDrained(pool);
    settling.push(since(started));
  }
  return { percentiles: percentiles(samples), settled: percentiles(settling) };
}

/**
 * What a write costs as the register grows: registerConsultation (its own conflicts found and
 * kept, its neighbours' FATIGUE queued) and cancelConsultation for plans of the mix, one at a
 * time; and a coordinator's blackout period over one county for a fortnight, created and deleted.
 */
async function writeLatency(officer: GraphQL, coordinator: GraphQL, pool: Pool, world: World, span: number) {
  const plans = Array.from({ length: REGISTRATIONS }, (_, i) => planAt(world, 20_000 + i, span));
  const ids: string[] = [];
  const register = await writesSettled(
    pool,
    plans.map((plan) => async () => {
      const { registerConsultation } = (await officer(`mutation($input: ConsultationInput!) { registerConsultation(input: $input) { id } }`, { input: plan.input })) as { registerConsultation: { id: string } };
      ids.push(registerConsultation.id);
    }),
  );
  const cancel = await writesSettled(pool, ids.map((id) => () => officer(`mutation($id: ID!) { cancelConsultation(id: $id) { id } }`, { id })));
  let blackoutId = '';
  const create = await latency([
    async () => {
      // A fortnight in the middle of the register.
      const input = { name: 'Bench by-election', startDate: day(Math.floor(span / 2)), endDate: day(Math.floor(span / 2) + 13), areaCodes: [world.counties[0].code] };
      blackoutId = ((await coordinator(`mutation($input: BlackoutPeriodInput!) { createBlackoutPeriod(input: $input) { id } }`, { input })) as { createBlackoutPeriod: { id: string } }).createBlackoutPeriod.id;
    },
  ]);
  const { rows } = await pool.query(`SELECT count(*)::int AS n FROM conflict WHERE blackout_id = $1`, [blackoutId]);
  const remove = await latency([() => coordinator(`mutation($id: ID!) { deleteBlackoutPeriod(id: $id) }`, { id: blackoutId })]);
  return { register: register.percentiles, registerSettled: register.settled, cancel: cancel.percentiles, cancelSettled: cancel.settled, countyBlackout: { createMs: create.samples[0], deleteMs: remove.samples[0], conflicts: rows[0].n } };
}

type Body = (i: number) => Record<string, unknown>;

/**
 * The check's and the trivial query's throughput, THROUGHPUT_ROUNDS runs of each in turns: the
 * median of each, the median of the rounds' shares (check ÷ trivial, each round's pair run
 * minutes apart at most), and the CPU a request of each cost over all its runs.
 */
async function inTurns(service: ServiceUnderTest, key: string, check: Body, trivial: Body) {
  const rounds: { check: Run; trivial: Run }[] = [];
  for (let turn = 0; turn < THROUGHPUT_ROUNDS; turn++) rounds.push({ check: await throughput(service, key, check), trivial: await throughput(service, key, trivial) });
  const cpuMs = (runs: Run[]) => {
    const requests = runs.reduce((sum, run) => sum + run.requests, 0);
    const ms = (of: (cpu: Run['cpuSeconds']) => number) => round((runs.reduce((sum, run) => sum + of(run.cpuSeconds), 0) * 1000) / requests, 100);
    return { service: ms((cpu) => cpu.service), database: ms((cpu) => cpu.database) };
  };
  return {
    summary: {
      check: median(rounds.map((r) => r.check.perSecond)),
      trivial: median(rounds.map((r) => r.trivial.perSecond)),
      share: round(median(rounds.map((r) => r.check.perSecond / r.trivial.perSecond)), 1000),
      rounds: rounds.map((r) => ({ check: r.check.perSecond, trivial: r.trivial.perSecond })),
    },
    cpuMs: { check: cpuMs(rounds.map((r) => r.check)), trivial: cpuMs(rounds.map((r) => r.trivial)) },
  };
}

interface Run {
  perSecond: number;
  requests: number;
  cpuSeconds: { service: number; database: number };
}

/** Requests a second from 10 connections, each request's body made by `body(i)`, and the CPU seconds they took. */
async function throughput(service: ServiceUnderTest, key: string, body: Body): Promise<Run> {
  let sent = 0;
  const cpuUsed = service.cpuSince();
  const result = await autocannon({
    url: `${service.baseUrl}/graphql`,
    connections: 10,
    duration: THROUGHPUT_SECONDS,
    requests: [
      {
        method: 'POST',
        setupRequest: (request) => ({ ...request, headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` }, body: JSON.stringify(body(sent++)) }),
      },
    ],
  });
  if (result.non2xx || result.errors) throw new Error(`${result.non2xx} non-2xx responses and ${result.errors} errors under load`);
  return { perSecond: Math.round(result.requests.average), requests: result.requests.total, cpuSeconds: cpuUsed() };
}

/** SQL statements the service sent while `call` ran (counted by bench/support/count-sql.js). */
async function statementsFor(pid: number, call: () => Promise<unknown>): Promise<number> {
  const read = async () => {
    process.kill(pid, 'SIGUSR2');
    await new Promise((r) => setTimeout(r, 200));
    return Number(readFileSync(SQL_COUNT_FILE, 'utf8'));
  };
  const before = await read();
  await call();
  return (await read()) - before;
}

/** The digest benchmark (bench/digest.bench.ts) in its own process, as `npm run bench:digest`. */
function runDigestBench(): Record<string, unknown> {
  console.log('Digest for 10,000 members (npm run bench:digest)');
  const output = execFileSync(process.execPath, ['-r', '@swc-node/register', join(__dirname, 'digest.bench.ts')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  return JSON.parse(output.slice(output.indexOf('{'), output.lastIndexOf('}') + 1));
}

/** The clash rules' precision on the labelled realistic year (npm run bench:realism), so speed and verdicts come from one run. */
function runRealismBench(): Realism {
  console.log('The clash rules on the realistic year (npm run bench:realism)');
  const json = join(tmpdir(), `cc-bench-realism-${process.pid}.json`);
  execFileSync(process.execPath, ['-r', '@swc-node/register', join(__dirname, 'realism.ts'), '--json', json], { stdio: ['ignore', 'ignore', 'inherit'] });
  try {
    return JSON.parse(readFileSync(json, 'utf8')) as Realism;
  } finally {
    rmSync(json, { force: true });
  }
}

function write(report: { date: string; machine: ReturnType<typeof machine>; sizes: Record<string, any>[]; digest?: Record<string, any>; realism?: Realism } & Record<string, unknown>): void {
  const date = report.date.slice(0, 10);
  const ms = (p: Percentiles) => `${p.p50} / ${p.p95} / ${p.p99}`;
  const cpu = (c: { service: number; database: number }) => `${c.service} + ${c.database}`;
  const md = [
    `# Benchmark ${date}, ${report.density} register`,
    '',
    `The hour's speed: the trivial query answered ${median(report.sizes.map((s) => s.throughput.trivial))} requests a second (the median over the sizes). This machine's absolute figures move 3–5× with the hour; the ratios to the trivial query and to the raw SQL are what compare across runs.`,
    '',
    `${report.machine.cpus} × ${report.machine.cpu}, ${report.machine.memoryGb} GB, Node ${report.machine.node}, ${report.machine.database}. Latencies in ms as p50 / p95 / p99 over HTTP, ${SAMPLES} sequential requests; throughput from 10 connections, ${THROUGHPUT_ROUNDS} runs of ${THROUGHPUT_SECONDS} s of each in turns (medians; the share is the median of the rounds').`,
    '',
    `| consultations | checkConsultation | trivial query | raw candidate SQL | check ÷ SQL (p95) | candidates per check | check req/s (÷ trivial) | CPU ms per check / trivial (service + PostgreSQL) | consultations(first: 100) | SQL statements | calendar, a county's year by week | RSS |`,
    '|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...report.sizes.map(
      (s) =>
        `| ${s.consultations.toLocaleString('en-GB')} | ${ms(s.check)} | ${ms(s.trivial)} | ${ms(s.rawCandidateSql)} | ${s.ratios.checkToRawSqlP95} | ${s.candidatesPerCheck} | ${s.throughput.check} (${Math.round(s.throughput.share * 100)}% of ${s.throughput.trivial}) | ${cpu(s.cpuMsPerRequest.check)} / ${cpu(s.cpuMsPerRequest.trivial)} | ${ms(s.list)} | ${s.list.sqlStatements} | ${ms(s.calendarYearByWeek)} | ${s.rssMb} MB |`,
    ),
    '',
    `Writes, one at a time (ms as p50 / p95 / p99 over ${REGISTRATIONS} plans of the mix; a county's fortnight blackout created and deleted once):`,
    '',
    '| consultations | registerConsultation | its neighbours settled after | cancelConsultation | its neighbours settled after | county blackout: create / delete | its conflicts |',
    '|---|---|---|---|---|---|---|',
    ...report.sizes.map(
      (s) =>
        `| ${s.consultations.toLocaleString('en-GB')} | ${ms(s.writes.register)} | ${ms(s.writes.registerSettled)} | ${ms(s.writes.cancel)} | ${ms(s.writes.cancelSettled)} | ${round(s.writes.countyBlackout.createMs)} / ${round(s.writes.countyBlackout.deleteMs)} | ${s.writes.countyBlackout.conflicts} |`,
    ),
    '',
    'checkConsultation p95 by plan level (county / district / ward): ' +
      report.sizes.map((s) => `${s.consultations.toLocaleString('en-GB')}: ${s.checkByLevel.county.p95} / ${s.checkByLevel.district.p95} / ${s.checkByLevel.ward.p95} ms`).join('; '),
    '',
    'checkConsultationSummary (first: 25, as the planner asks), as many other plans of the mix: ' +
      report.sizes.map((s) => `${s.consultations.toLocaleString('en-GB')}: ${ms(s.checkSummary)} ms`).join('; '),
    '',
    report.realism
      ? `Clash rules on the realistic year: must-HIGH ${report.realism.mustHigh.hit}/${report.realism.mustHigh.of}, must-MEDIUM ${report.realism.mustMedium.hit}/${report.realism.mustMedium.of}, false HIGH ${report.realism.falseHigh.hit}/${report.realism.falseHigh.of}; HIGH per consultation median ${report.realism.highPairsPerConsultation.median}, p90 ${report.realism.highPairsPerConsultation.p90}, max ${report.realism.highPairsPerConsultation.max}; ${report.realism.conflicts} conflicts kept.`
      : 'Clash rules on the realistic year: not run (BENCH_REALISM=0).',
    '',
    report.digest ? `Digest: ${report.digest.smtpReceived} digests to ${report.digest.members} members in ${report.digest.seconds} s (${report.digest.digestsPerSecond}/s), RSS ${report.digest.rss.firstQuarterAvg} → ${report.digest.rss.lastQuarterAvg}.` : 'Digest: not run (BENCH_DIGEST=0).',
    '',
  ].join('\n');
  writeResults(process.env.BENCH_NAME ?? date, report, md);
}

function round(value: number, per = 10): number {
  return Math.round(value * per) / per;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
