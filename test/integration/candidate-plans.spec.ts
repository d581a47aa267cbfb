import { loadRegister } from '../../bench/register/load';
import { planAt } from '../../bench/register/plans';
import { audienceLineageOf, spanDays, territoryOf, World } from '../../bench/register/england';
import { CANDIDATES_SQL, candidateParams, keyChunks, planReachKeys } from '../../src/conflicts/candidates.sql';
import { CONFLICT_KINDS, DEFAULT_CLASH_RULES } from '../../src/conflicts/clash-rules';
import { useConnectedTestDatabase } from '../support/test-database';

// The clash check must stay an index lookup whatever the register's size: on generated registers
// of England's shape, one county's few years and a national one growing, the planner reaches the
// consultations through their indexes, never by reading the whole table (and working out each
// row's reach keys). Plans, not timings, so the result does not depend on the machine.

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

/** A parameter as an SQL literal (EXECUTE takes no parameters of its own). */
function literal(value: unknown): string {
  const quote = (text: string) => `'${text.replace(/'/g, "''")}'`;
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return quote(`{${value.map((v) => `"${String(v).replace(/["\\]/g, '\\$&')}"`).join(',')}}`);
  return quote(String(value));
}

function nodes(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodes)];
}

describe.each([1_500, 40_000])('the candidate query plan on a register of %i consultations', (total) => {
  const database = useConnectedTestDatabase();
  let world: World;

  beforeAll(async () => {
    ({ world } = await loadRegister(database.url, { total, seed: 7 }));
  }, 120_000);

  // Both plans: the service's, a named statement planned once for any parameters (see
  // data-source-options.ts; prepared afresh here so each test's settings apply), and one made for
  // these parameters, as a server that plans every run would make.
  const explain = async (params: unknown[]): Promise<PlanNode[]> => {
    await database.client.query(`SET plan_cache_mode = force_generic_plan; DEALLOCATE ALL; PREPARE candidates AS ${CANDIDATES_SQL}`);
    const generic = await database.client.query(`EXPLAIN (FORMAT JSON) EXECUTE candidates(${params.map(literal).join(', ')})`);
    const own = await database.client.query(`EXPLAIN (FORMAT JSON) ${CANDIDATES_SQL}`, params);
    return [generic, own].flatMap(({ rows }) => nodes(rows[0]['QUERY PLAN'][0].Plan));
  };

  // Through the one index that narrows territory, audience and time together; never the whole table.
  const expectReachIndexOnly = (used: PlanNode[]) => {
    expect(used.filter((n) => n['Relation Name'] === 'consultation').map((n) => n['Node Type'])).not.toContain('Seq Scan');
    expect(used.map((n) => n['Index Name'])).toContain('consultation_reach_idx');
  };

  it('never scans the whole consultations table for a district-level check', async () => {
    const districtPlans = Array.from({ length: 30 }, (_, i) => planAt(world, i, spanDays(world, total))).filter((p) => p.level === 'district');
    expect(districtPlans.length).toBe(10);
    for (const plan of districtPlans) expectReachIndexOnly(await explain(plan.sqlParams));
  });

  it('reads the register through its indexes for county-wide and ward-level checks too', async () => {
    for (const plan of Array.from({ length: 12 }, (_, i) => planAt(world, i, spanDays(world, total))).filter((p) => p.level !== 'district')) expectReachIndexOnly(await explain(plan.sqlParams));
  });

  // Parallel workers take longer to start than the lookup takes: even priced at nothing, none is used.
  it('keeps the lookup in one process', async () => {
    await database.client.query('SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0; SET min_parallel_table_scan_size = 0');
    try {
      for (const plan of Array.from({ length: 6 }, (_, i) => planAt(world, i, spanDays(world, total)))) {
        const used = await explain(plan.sqlParams);
        const inWorkers = used.filter((n) => n['Node Type'].startsWith('Gather')).flatMap(nodes);
        expect(inWorkers.filter((n) => n['Relation Name'] === 'consultation')).toEqual([]);
        expectReachIndexOnly(used);
      }
    } finally {
      await database.client.query('RESET parallel_setup_cost; RESET parallel_tuple_cost; RESET min_parallel_table_scan_size');
    }
  });

  it('looks up a plan naming every ward of a county in chunks of keys, each through the index, finding what one lookup finds', async () => {
    const wards = world.wards[0].flat().map((w) => w.id);
    const territory = territoryOf(world, wards);
    const audienceIds = world.audiences.slice(0, 3).map((a) => a.id);
    const subject = {
      organisationId: world.organisations[0].id, title: 'roads plan 2026', summary: '', startDate: '2026-03-01', endDate: '2026-05-31', channels: [], topics: ['roads'],
      areaBlockIds: territory.blockIds, areaLineageIds: territory.lineageIds, audienceIds, audienceLineageIds: audienceLineageOf(world, audienceIds),
    };
    const params = (keys: readonly string[]) => candidateParams(subject, subject.organisationId, DEFAULT_CLASH_RULES, CONFLICT_KINDS, { keys });
    const keys = planReachKeys(subject, DEFAULT_CLASH_RULES, CONFLICT_KINDS);
    const chunks = keyChunks(keys);
    expect(chunks.length).toBeGreaterThan(5);
    for (const chunk of chunks) expectReachIndexOnly(await explain(params(chunk)));
    const found = async (sent: readonly string[]) => (await database.client.query(CANDIDATES_SQL, params(sent))).rows.map((r: { id: string }) => r.id);
    const inChunks = new Set<string>();
    for (const chunk of chunks) (await found(chunk)).forEach((id) => inChunks.add(id));
    // All keys at once, kept to the index: read through the table, each row's keys would be
    // compared with every one of the plan's, for minutes.
    await database.client.query('SET enable_seqscan = off');
    const atOnce = await found(keys).finally(() => database.client.query('RESET enable_seqscan'));
    expect(atOnce.length).toBeGreaterThan(0);
    expect([...inChunks].sort()).toEqual([...new Set(atOnce)].sort());
  });

  it('takes the same path when PostgreSQL works out the plan\'s reach keys itself', async () => {
    for (const plan of Array.from({ length: 6 }, (_, i) => planAt(world, i, spanDays(world, total)))) {
      const withoutKeys = plan.sqlParams.map((param, i) => (i === 16 ? null : param));
      expectReachIndexOnly(await explain(withoutKeys));
    }
  });
});
