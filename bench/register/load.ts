import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { BENCH_PREFIX, CONSULTATION_ID_PREFIX, ConsultationRow, Density, World, buildWorld, consultationAt } from './england';

// Loads the generated register with COPY into a staging table, then one INSERT … SELECT, so a
// million rows take minutes, not hours. Big loads drop the consultation table's secondary indexes
// and build them again afterwards, which PostgreSQL does far faster than row by row.

export interface LoadResult {
  world: World;
  consultations: number;
  added: number;
  seconds: number;
}

const BATCH = 50_000;
const REBUILD_INDEXES_FROM = 50_000;

/** Grows the generated register in a migrated database to `total` consultations. */
export async function loadRegister(url: string, options: { total: number; seed: number; density?: Density; log?: (line: string) => void }): Promise<LoadResult> {
  const log = options.log ?? (() => undefined);
  const started = Date.now();
  const world = buildWorld(options.seed, options.density);
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`SET maintenance_work_mem = '512MB'`);
    await loadWorld(client, world);
    let nextIndex = await nextConsultationIndex(client);
    const have = await generatedCount(client);
    const wanted = options.total - have;
    if (wanted <= 0) return { world, consultations: have, added: 0, seconds: 0 };
    const indexes = wanted >= REBUILD_INDEXES_FROM ? await dropSecondaryIndexes(client) : [];
    let added = 0;
    try {
      while (added < wanted) {
        const rows: ConsultationRow[] = [];
        for (let i = 0; i < Math.min(BATCH, wanted - added); i++) rows.push(consultationAt(world, nextIndex++));
        // Rarely an organisation draws the same title and dates twice: the registration key skips it.
        added += await insertConsultations(client, rows);
        log(`  ${have + added} consultations (${Math.round((Date.now() - started) / 1000)} s)`);
      }
    } finally {
      for (const statement of indexes) {
        if (statement.startsWith('CREATE')) log(`  building ${/INDEX (\S+)/.exec(statement)?.[1]}`);
        await client.query(statement);
      }
    }
    // A register in service has long been vacuumed. Left to autovacuum, a freshly grown one is
    // vacuumed (insert-triggered) in the middle of the measurements that follow, and each page's
    // first read writes its hint bits: the benchmark would time the loader's aftermath.
    await client.query('VACUUM (ANALYZE)');
    return { world, consultations: have + added, added, seconds: (Date.now() - started) / 1000 };
  } finally {
    await client.end();
  }
}

async function loadWorld(client: Client, world: World): Promise<void> {
  const { rows } = await client.query(`SELECT 1 FROM area WHERE code = $1`, [world.counties[0].code]);
  if (rows.length) return;
  const areas = [...world.areaById.values()];
  await client.query('BEGIN');
  await copy(client, 'area (id, code, name, level, parent_id, is_composite, lineage_ids)', areas.map((a) => [a.id, a.code, a.name, a.level, a.parentId, a.memberIds.length > 0, a.lineageIds]));
  await copy(client, 'area_composite_member (composite_id, member_id)', areas.flatMap((a) => a.memberIds.map((m) => [a.id, m])));
  await copy(client, 'audience (id, code, name, kind, parent_id, lineage_ids)', world.audiences.map((a) => [a.id, a.code, a.name, a.kind, a.parentId, a.lineageIds]));
  await copy(client, 'organisation (id, code, name, kind)', world.organisations.map((o) => [o.id, o.code, o.name, o.kind]));
  await client.query('COMMIT');
}

const COLUMNS = [
  'id', 'organisation_id', 'title', 'summary', 'topics', 'channels', 'expected_respondents', 'start_date', 'end_date', 'status',
  'area_ids', 'audience_ids', 'area_block_ids', 'area_lineage_ids', 'audience_lineage_ids',
].join(', ');

async function insertConsultations(client: Client, rows: ConsultationRow[]): Promise<number> {
  await client.query('BEGIN');
  await client.query(`CREATE TEMP TABLE staging (LIKE consultation INCLUDING DEFAULTS) ON COMMIT DROP`);
  await copy(client, `staging (${COLUMNS})`, rows.map((r) => [
    r.id, r.organisationId, r.title, r.summary, r.topics, r.channels, r.expectedRespondents, r.startDate, r.endDate, r.status,
    r.areaIds, r.audienceIds, r.areaBlockIds, r.areaLineageIds, r.audienceLineageIds,
  ]));
  const result = await client.query(`INSERT INTO consultation (${COLUMNS}) SELECT ${COLUMNS} FROM staging ON CONFLICT DO NOTHING`);
  await client.query('COMMIT');
  return result.rowCount ?? 0;
}

async function copy(client: Client, target: string, rows: unknown[][]): Promise<void> {
  if (!rows.length) return;
  const lines = rows.map((row) => `${row.map(copyValue).join('\t')}\n`);
  await pipeline(Readable.from(chunks(lines)), client.query(copyFrom(`COPY ${target} FROM STDIN`)));
}

function* chunks(lines: string[]): Generator<string> {
  for (let i = 0; i < lines.length; i += 1000) yield lines.slice(i, i + 1000).join('');
}

// COPY's text format: \N for null, {a,b} for arrays (our elements never need quoting).
function copyValue(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  if (Array.isArray(value)) return `{${value.join(',')}}`;
  return String(value).replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n');
}

async function generatedCount(client: Client): Promise<number> {
  const { rows } = await client.query(`SELECT count(*)::int AS n FROM consultation c JOIN organisation o ON o.id = c.organisation_id WHERE o.code LIKE $1`, [`${BENCH_PREFIX}-%`]);
  return rows[0].n;
}

async function nextConsultationIndex(client: Client): Promise<number> {
  const { rows } = await client.query(`SELECT id::text FROM consultation WHERE id BETWEEN $1 AND $2 ORDER BY id DESC LIMIT 1`, [
    `${CONSULTATION_ID_PREFIX}000000000000`,
    `${CONSULTATION_ID_PREFIX}ffffffffffff`,
  ]);
  return rows.length ? parseInt(rows[0].id.slice(CONSULTATION_ID_PREFIX.length), 16) + 1 : 0;
}

/** Drops the consultation table's indexes other than its keys; returns the statements that build them again. */
async function dropSecondaryIndexes(client: Client): Promise<string[]> {
  // With each index, its columns' statistics targets (the reach index needs a large one).
  const { rows } = await client.query(
    `SELECT i.indexname, i.indexdef,
            array(SELECT format('ALTER INDEX %I ALTER COLUMN %s SET STATISTICS %s', i.indexname, a.attnum, a.attstattarget)
                    FROM pg_attribute a WHERE a.attrelid = x.indexrelid AND a.attstattarget > 0) AS settings
       FROM pg_indexes i JOIN pg_class c ON c.relname = i.indexname JOIN pg_index x ON x.indexrelid = c.oid
      WHERE i.tablename = 'consultation' AND NOT x.indisunique`,
  );
  for (const row of rows) await client.query(`DROP INDEX ${row.indexname}`);
  return rows.flatMap((r: { indexdef: string; settings: string[] }) => [r.indexdef, ...r.settings]);
}
