import { MigrationInterface, QueryRunner } from 'typeorm';

// Consultations are filed under the half-years they run in, not the quarters. A check looks a
// year either side of a plan (its DUPLICATE rule), some ten quarters: ten keys for every (area,
// audience) pair, each a descent of the index of its own, which for a ward-level plan cost more
// than reading the rows it found. By half-year it is five or six, for a few more rows read.
// Measured on the generated registers: on a county's 3,000 consultations a check's lookup reads
// 60% fewer pages and takes 25-37% less time; at 100,000 a district- or ward-level one reads 40%
// fewer and takes 30-35% less time (a county-wide one 10% less); at
// 1,000,000, where rows outweigh keys, checks gain 5-10%, a FATIGUE lookup (a month either side)
// loses 10-20%, and the index is 337 MB instead of 532. src/conflicts/reach-keys.ts works out the
// same keys. The function keeps its name, so the candidate query is unchanged; its index is built
// again (3-4 minutes at 1,000,000).
const SIGNATURE = 'consultation_reach_keys(area_blocks uuid[], area_lineage uuid[], audience_blocks uuid[], audience_lineage uuid[], first_day date, last_day date)';

// Costed as 1764900000000-reach-keys-cost explains; CREATE OR REPLACE would otherwise reset it.
const keysFunction = (monthsPerPeriod: number) => `
  CREATE OR REPLACE FUNCTION ${SIGNATURE}
  RETURNS bigint[] LANGUAGE sql IMMUTABLE PARALLEL RESTRICTED COST 5000 AS $$
    SELECT coalesce(array_agg(DISTINCT hashtextextended(a || u || q, 0)), '{}')
      FROM (SELECT 'L' || x FROM unnest(area_lineage) x UNION SELECT 'B' || x FROM unnest(area_blocks) x) AS areas(a),
           (SELECT 'L' || x FROM unnest(audience_lineage) x UNION SELECT 'B' || x FROM unnest(audience_blocks) x) AS audiences(u),
           generate_series((extract(year FROM first_day)::int * 12 + extract(month FROM first_day)::int - 1) / ${monthsPerPeriod},
                           (extract(year FROM last_day)::int * 12 + extract(month FROM last_day)::int - 1) / ${monthsPerPeriod}) AS q
  $$`;

async function rebuildIndex(q: QueryRunner, monthsPerPeriod: number): Promise<void> {
  await q.query(`DROP INDEX IF EXISTS consultation_reach_idx`);
  await q.query(keysFunction(monthsPerPeriod));
  // As 1764400000000-reach-index made it, and for the same reasons.
  await q.query(`
    CREATE INDEX consultation_reach_idx ON consultation
     USING gin (consultation_reach_keys(area_block_ids, area_lineage_ids, audience_ids, audience_lineage_ids, start_date, end_date))
      WITH (fastupdate = off)`);
  await q.query(`ALTER INDEX consultation_reach_idx ALTER COLUMN 1 SET STATISTICS 1000`);
}

export class ReachKeysByHalfYear1765000000000 implements MigrationInterface {
  name = 'ReachKeysByHalfYear1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await rebuildIndex(q, 6);
  }

  async down(q: QueryRunner): Promise<void> {
    await rebuildIndex(q, 3);
  }
}
