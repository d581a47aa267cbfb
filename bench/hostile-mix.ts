import { fork } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { setPriority } from 'node:os';
import { join } from 'node:path';
import { heaviestRequests, Reference, REFERENCE_QUERY } from './support/heaviest-requests';
import { createMembers } from './support/service-under-test';

// npm run soak -- --hostile: what members see while others attack. Each attacker sends one kind
// of hostile request back to back for the whole soak: the heaviest requests the limits admit,
// requests over them, floods without a key, and bodies too big to read. Every answer is counted
// by its outcome (HTTP status and GraphQL error code), so the report shows each attack refused
// or bounded, and a prober asks /health/live every 100 ms throughout.

const ATTACKER_FLAG = '--attacker';
const REGISTER = join(__dirname, '..', 'data', 'realistic-year-2027', 'register.csv');

export interface Attack {
  name: string;
  /** Sends one hostile request; returns its outcome, e.g. "200", "429", "400 QUERY_TOO_COMPLEX". */
  send(): Promise<string>;
}

export interface AttackReport {
  name: string;
  sent: number;
  outcomes: Record<string, number>;
}

export interface HostileReport {
  attacks: AttackReport[];
  /** CPU seconds the attackers' own process used while attacking. */
  attackersCpuSeconds: number;
  health: { asked: number; failed: number; maxMs: number; p99Ms: number };
}

/** The realistic year, registered through the public import, so checks meet a real network's clashes. */
export async function registerRealisticYear(baseUrl: string, databaseUrl: string): Promise<void> {
  const [coordinator] = await createMembers(databaseUrl, ['SCC'], 'COORDINATOR');
  const answer = await graphql(baseUrl, coordinator, `mutation($csv: String!) { importConsultations(csv: $csv, dryRun: false) { imported rowCount problems { line message } } }`, {
    csv: readFileSync(REGISTER, 'utf8'),
  });
  const imported = answer.body?.data?.importConsultations;
  if (!imported?.imported) throw new Error(`The realistic year did not import: ${JSON.stringify(answer.body)}`);
  console.log(`Registered the realistic year: ${imported.rowCount} consultations`);
}

/**
 * The attackers run in a process of their own, as they would on their own machines: in the
 * members' process their sending and reading would hold up the members' own event loop, and the
 * members' times would measure that rather than the service. They still share this machine's
 * cores. The function returned stops them and reports, with the cores they used.
 */
export async function startAttacks(baseUrl: string, databaseUrl: string): Promise<() => Promise<HostileReport>> {
  const attackers = fork(__filename, [ATTACKER_FLAG], { execArgv: ['-r', '@swc-node/register'], stdio: 'inherit' });
  // SOAK_ATTACKER_NICE (e.g. 19): the attackers' process yields the cores to the service, PostgreSQL
  // and the members, as attackers on machines of their own would; unset, they compete as equals.
  if (process.env.SOAK_ATTACKER_NICE) setPriority(attackers.pid!, Number(process.env.SOAK_ATTACKER_NICE));
  const answer = (kind: string) => new Promise<any>((resolve, reject) => {
    attackers.once('exit', (code) => reject(new Error(`The attackers' process ended (${code}) before it ${kind}`)));
    attackers.on('message', (message: { kind: string }) => message.kind === kind && resolve(message));
  });
  attackers.send({ kind: 'start', baseUrl, databaseUrl });
  await answer('started');
  const prober = probeHealth(baseUrl);
  return async () => {
    attackers.send({ kind: 'stop' });
    const { attacks, cpuSeconds } = await answer('stopped');
    attackers.disconnect();
    return { attacks, attackersCpuSeconds: cpuSeconds, health: await prober() };
  };
}

/** /health/live every 100 ms, timed from the members' side; the function returned stops and reports. */
function probeHealth(baseUrl: string): () => Promise<HostileReport['health']> {
  let running = true;
  const times: number[] = [];
  let failed = 0;
  const probing = (async () => {
    while (running) {
      const started = performance.now();
      const ok = await fetch(`${baseUrl}/health/live`, { signal: AbortSignal.timeout(5000) }).then((r) => r.ok, () => false);
      times.push(performance.now() - started);
      if (!ok) failed++;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();
  return async () => {
    running = false;
    await probing;
    const sorted = [...times].sort((a, b) => a - b);
    return { asked: times.length, failed, maxMs: Math.round(sorted.at(-1) ?? 0), p99Ms: Math.round(sorted[Math.floor(sorted.length * 0.99)] ?? 0) };
  };
}

/** In the attackers' process: every attack back to back from 'start' until 'stop'. */
async function attackUntilStopped(baseUrl: string, databaseUrl: string): Promise<void> {
  const attacks = await chosenAttacks(baseUrl, databaseUrl);
  let running = true;
  const reports: AttackReport[] = attacks.map((attack) => ({ name: attack.name, sent: 0, outcomes: {} }));
  const cpu = process.cpuUsage();
  const loops = attacks.map((attack, i) => attackWhile(attack, reports[i], () => running));
  process.once('message', async () => {
    running = false;
    await Promise.all(loops);
    const used = process.cpuUsage(cpu);
    process.send!({ kind: 'stopped', attacks: reports, cpuSeconds: (used.user + used.system) / 1e6 });
  });
  process.send!({ kind: 'started' });
}

/** Sends `attack` back to back while `going()`, counting each answer's outcome into `report`. */
export async function attackWhile(attack: Attack, report: AttackReport, going: () => boolean): Promise<void> {
  while (going()) {
    const outcome = await attack.send().catch((error: Error) => `failed: ${error.message}`);
    report.sent++;
    report.outcomes[outcome] = (report.outcomes[outcome] ?? 0) + 1;
  }
}

/**
 * The attacks, from a viewer of one body and an officer of another made for them, and of them only
 * those whose names hold one of the words of SOAK_ATTACKS=word,word… when it is set.
 */
export async function chosenAttacks(baseUrl: string, databaseUrl: string): Promise<Attack[]> {
  const [viewer, officer] = [...(await createMembers(databaseUrl, ['SBC'], 'VIEWER')), ...(await createMembers(databaseUrl, ['LDC'], 'OFFICER'))];
  const only = process.env.SOAK_ATTACKS?.split(',').map((word) => word.trim().toLowerCase());
  return (await attacksOn(baseUrl, viewer, officer)).filter((attack) => !only || only.some((word) => attack.name.toLowerCase().includes(word)));
}

async function attacksOn(baseUrl: string, viewer: string, officer: string): Promise<Attack[]> {
  const { aliased, everywhere, countyWide, check, windows } = heaviestRequests((await graphql(baseUrl, viewer, REFERENCE_QUERY)).body?.data as Reference);
  const importFile = readFileSync(REGISTER, 'utf8');
  // Each body is written once: the attackers share this machine's cores with the service, and
  // writing 150,000 codes anew for every request would take their time from it, not the attack's.
  const asked = (key: string | undefined, query: string, variables?: Record<string, unknown>) => {
    const body = JSON.stringify({ query, variables });
    return async () => outcome(await answerOf(await post(baseUrl, key, body)));
  };
  return [
    // The heaviest a viewer may ask: every area × every audience, 15 aliases (the most allowed).
    { name: 'check: every area × audience, 15 aliases', send: asked(viewer, aliased(15, check), { in: everywhere }) },
    // The most window searching the work limit admits: two years, six aliases.
    { name: 'suggestWindows: two years, 6 aliases', send: asked(viewer, aliased(6, windows), { in: countyWide }) },
    // Over the work limit: refused before anything runs.
    { name: 'suggestWindows over the work limit (8 aliases)', send: asked(viewer, aliased(8, windows), { in: countyWide }) },
    // A long text and 150,000 area codes inside a nested filter.
    { name: 'consultations: 10 KB text filter', send: asked(viewer, `query($f: ConsultationFilter) { consultations(filter: $f, first: 100) { totalCount } }`, { f: { text: 'parking '.repeat(1300) } }) },
    { name: 'consultations: 150,000 area codes in a filter', send: asked(viewer, `query($f: ConsultationFilter) { consultations(filter: $f) { totalCount } }`, { f: { areaCodes: Array.from({ length: 150_000 }, (_, i) => `E${String(i).padStart(8, '0')}`) } }) },
    // The whole realistic year as an import dry run, again and again.
    { name: 'importConsultations dry run, 216 rows', send: asked(officer, `mutation($csv: String!) { importConsultations(csv: $csv, dryRun: true) { imported } }`, { csv: importFile }) },
    // Anonymous: no key, made-up keys and made-up feed tokens.
    { name: 'no key', send: asked(undefined, '{ me { name } }') },
    { name: 'made-up keys', send: async () => outcome(await graphql(baseUrl, `cc_${randomBytes(32).toString('base64url')}`, '{ me { name } }')) },
    { name: 'made-up feed tokens', send: async () => String((await fetch(`${baseUrl}/calendar.ics?token=${randomUUID()}`)).status) },
    // 1.9 MB bodies without a key.
    { name: '1.9 MB bodies without a key', send: ((body) => async () => String((await post(baseUrl, undefined, body)).status))(JSON.stringify({ query: `{ me { name } }`, padding: 'x'.repeat(1_900_000) })) },
  ];
}

interface Answer {
  status: number;
  body: { data?: any; errors?: { extensions?: { code?: string } }[] } | undefined;
}

async function post(baseUrl: string, key: string | undefined, body: string): Promise<Response> {
  return fetch(`${baseUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) }, body });
}

async function graphql(baseUrl: string, key: string | undefined, query: string, variables?: Record<string, unknown>): Promise<Answer> {
  return answerOf(await post(baseUrl, key, JSON.stringify({ query, variables })));
}

async function answerOf(response: Response): Promise<Answer> {
  const text = await response.text();
  try {
    return { status: response.status, body: JSON.parse(text) };
  } catch {
    return { status: response.status, body: undefined };
  }
}

/** "200", or the status with the first error's code: "429 RATE_LIMITED", "400 QUERY_TOO_COMPLEX". */
function outcome({ status, body }: Answer): string {
  const code = body?.errors?.[0]?.extensions?.code;
  return code ? `${status} ${code}` : String(status);
}

if (process.argv.includes(ATTACKER_FLAG)) {
  process.once('message', ({ baseUrl, databaseUrl }: { baseUrl: string; databaseUrl: string }) =>
    attackUntilStopped(baseUrl, databaseUrl).catch((error) => {
      console.error(error);
      process.exit(1);
    }),
  );
}
