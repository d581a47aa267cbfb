import { MigrationInterface, QueryRunner } from 'typeorm';

// One index for the clash check. The area, audience and period indexes each match a large share
// of a national register (every consultation "for residents", every one within a year), and
// intersecting their bitmaps cost more than the check. Here a consultation is filed under one key
// for every (area it is in or covers, audience it is in or covers, calendar quarter it runs in),
// hashed to a bigint, so a plan finds exactly the consultations that share its territory, audience
// and quarters in one GIN lookup. The exact tests stay in the query, so a hash collision only costs
// a row read. See src/conflicts/candidates.sql.ts for how a plan looks itself up.
export class ReachIndex1764400000000 implements MigrationInterface {
  name = 'ReachIndex1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION consultation_reach_keys(area_blocks uuid[], area_lineage uuid[], audience_blocks uuid[], audience_lineage uuid[], first_day date, last_day date)
      RETURNS bigint[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT coalesce(array_agg(DISTINCT hashtextextended(a || u || q, 0)), '{}')
          FROM (SELECT 'L' || x FROM unnest(area_lineage) x UNION SELECT 'B' || x FROM unnest(area_blocks) x) AS areas(a),
               (SELECT 'L' || x FROM unnest(audience_lineage) x UNION SELECT 'B' || x FROM unnest(audience_blocks) x) AS audiences(u),
               generate_series((extract(year FROM first_day)::int * 12 + extract(month FROM first_day)::int - 1) / 3,
                               (extract(year FROM last_day)::int * 12 + extract(month FROM last_day)::int - 1) / 3) AS q
      $$`);
    await q.query(`
      CREATE INDEX consultation_reach_idx ON consultation
       USING gin (consultation_reach_keys(area_block_ids, area_lineage_ids, audience_ids, audience_lineage_ids, start_date, end_date))
        WITH (fastupdate = off)`);
    // fastupdate off: with some thirty keys a row, GIN's pending list of new entries grows to its
    // 4 MB limit within a few thousand registrations, and every check would scan it whole.
    // Keys are many and each is rare: with the default sample the planner takes every key it has
    // not seen for a common one, expects a tenth of the table and reads all of it instead.
    await q.query(`ALTER INDEX consultation_reach_idx ALTER COLUMN 1 SET STATISTICS 1000`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS consultation_reach_idx`);
    await q.query(`DROP FUNCTION IF EXISTS consultation_reach_keys`);
  }
}
