import { attackWhile, AttackReport, chosenAttacks, registerRealisticYear } from './hostile-mix';
import { writeResults } from './support/results';
import { machine, startServiceUnderTest } from './support/service-under-test';

// npm run bench:refusals: what each kind of hostile request costs the service, in CPU
// milliseconds of its process and of PostgreSQL per request, each attack sent alone for
// REFUSALS_SECONDS (default 10) by REFUSALS_AT_ONCE (4) requests at a time. Unlike members'
// latency under attack, which moves with whatever else the machine runs, CPU per request is
// the service's own: the lower it is, the more of a flood the same cores absorb. The attacks run
// one after another without waiting for fresh minutes, so each meets the limits the ones before
// it used, as a flood would: the figures are of requests mostly refused.
const SECONDS = Number(process.env.REFUSALS_SECONDS ?? 10);
const AT_ONCE = Number(process.env.REFUSALS_AT_ONCE ?? 4);

async function main() {
  const service = await startServiceUnderTest('refusals', {}, process.env.REFUSALS_NODE_ARGS?.split(' ') ?? []);
  try {
    await registerRealisticYear(service.baseUrl, service.databaseUrl);
    const attacks = await chosenAttacks(service.baseUrl, service.databaseUrl);
    const rows: { attack: string; sent: number; serviceMs: number; databaseMs: number; outcomes: Record<string, number> }[] = [];
    for (const attack of attacks) {
      const report: AttackReport = { name: attack.name, sent: 0, outcomes: {} };
      const cpu = service.cpuSince();
      const end = Date.now() + SECONDS * 1000;
      await Promise.all(Array.from({ length: AT_ONCE }, () => attackWhile(attack, report, () => Date.now() < end)));
      const { sent, outcomes } = report;
      const used = cpu();
      const row = { attack: attack.name, sent, serviceMs: round((used.service * 1000) / sent), databaseMs: round((used.database * 1000) / sent), outcomes };
      console.log(JSON.stringify(row));
      rows.push(row);
    }
    const date = new Date().toISOString();
    const md = [
      `# What a hostile request costs the service, ${date.slice(0, 10)}`,
      '',
      `${machine().cpus} × ${machine().cpu}, Node ${machine().node}, ${machine().database}. Each attack alone for ${SECONDS} s, ${AT_ONCE} at a time, default limits.`,
      '',
      '| attack | sent | service CPU ms each | PostgreSQL CPU ms each | answers |',
      '|---|---|---|---|---|',
      ...rows.map((r) => `| ${r.attack} | ${r.sent} | ${r.serviceMs} | ${r.databaseMs} | ${Object.entries(r.outcomes).map(([k, n]) => `${k} × ${n}`).join(', ')} |`),
      '',
    ].join('\n');
    writeResults(`refusals-${date.slice(0, 10)}`, { date, machine: machine(), seconds: SECONDS, atOnce: AT_ONCE, rows }, md);
  } finally {
    await service.stop();
  }
}

const round = (ms: number) => Math.round(ms * 100) / 100;

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
