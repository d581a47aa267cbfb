import { MigrationInterface, QueryRunner } from 'typeorm';

// What a closed consultation found, and the "we asked, you said, we did" statement that moves it
// to REPORTED. One row per consultation, versioned like the consultation itself. Its words are
// searchable with English stemming ("libraries" finds "library"), beside the consultation's own.
export class Findings1765500000000 implements MigrationInterface {
  name = 'Findings1765500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE consultation DROP CONSTRAINT consultation_status_check`);
    await q.query(`ALTER TABLE consultation ADD CONSTRAINT consultation_status_check
      CHECK (status IN ('DRAFT','PLANNED','LIVE','CLOSED','REPORTED','CANCELLED'))`);
    await q.query(`
      CREATE TABLE consultation_findings (
        consultation_id uuid PRIMARY KEY REFERENCES consultation(id),
        response_count integer NOT NULL CHECK (response_count >= 0),
        summary varchar(5000) NOT NULL,
        report_url varchar(2000),
        data_url varchar(2000),
        decision varchar(2000),
        decision_date date,
        statement varchar(5000),
        published_at timestamptz,
        recorded_by uuid REFERENCES member(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        version integer NOT NULL DEFAULT 1,
        search tsvector GENERATED ALWAYS AS (
          setweight(to_tsvector('english', summary), 'B') ||
          setweight(to_tsvector('english', coalesce(decision, '') || ' ' || coalesce(statement, '')), 'C')
        ) STORED
      )`);
    await q.query(`CREATE INDEX consultation_findings_search_idx ON consultation_findings USING gin (search)`);
    // The overdue list: closed consultations by the day they closed.
    await q.query(`CREATE INDEX consultation_closed_idx ON consultation (end_date) WHERE status = 'CLOSED'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX consultation_closed_idx`);
    await q.query(`DROP TABLE consultation_findings`);
    await q.query(`UPDATE consultation SET status = 'CLOSED' WHERE status = 'REPORTED'`);
    await q.query(`ALTER TABLE consultation DROP CONSTRAINT consultation_status_check`);
    await q.query(`ALTER TABLE consultation ADD CONSTRAINT consultation_status_check
      CHECK (status IN ('DRAFT','PLANNED','LIVE','CLOSED','CANCELLED'))`);
  }
}
