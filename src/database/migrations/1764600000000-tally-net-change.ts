import { MigrationInterface, QueryRunner } from 'typeorm';
import { TALLY_APPLY_FIRST } from './1764500000000-consultation-tally';

// The tally trigger applies one upsert of the net change per statement. The first version added
// the new rows and took away the old ones, so every edit that kept organisation and status (most
// edits) wrote +1 and -1 to the same tally row. Rows are still locked in key order.
export class TallyNetChange1764600000000 implements MigrationInterface {
  name = 'TallyNetChange1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION consultation_tally_apply() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        change text := CASE TG_OP
          WHEN 'INSERT' THEN 'SELECT organisation_id, status, 1 AS d FROM new_rows'
          WHEN 'DELETE' THEN 'SELECT organisation_id, status, -1 AS d FROM old_rows'
          ELSE 'SELECT organisation_id, status, 1 AS d FROM new_rows UNION ALL SELECT organisation_id, status, -1 FROM old_rows'
        END;
      BEGIN
        IF TG_OP = 'TRUNCATE' THEN
          DELETE FROM consultation_tally;
          RETURN NULL;
        END IF;
        -- Dynamic, because a transition table exists only for the events that have it.
        EXECUTE format($sql$
          INSERT INTO consultation_tally (organisation_id, status, n)
          SELECT organisation_id, status, sum(d) FROM (%s) AS change
           GROUP BY 1, 2 HAVING sum(d) <> 0 ORDER BY 1, 2
              ON CONFLICT (organisation_id, status) DO UPDATE SET n = consultation_tally.n + excluded.n$sql$, change);
        RETURN NULL;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE OR REPLACE FUNCTION ${TALLY_APPLY_FIRST}`);
  }
}
