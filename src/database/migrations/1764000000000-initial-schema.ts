import { MigrationInterface, QueryRunner } from 'typeorm';

// The register's core tables. Consultations keep their area and audience selections as arrays
// plus two derived arrays each (see README "Geography and audiences"), so that the database can
// answer "shares territory / intersects audience" with GIN array-overlap indexes.
export class InitialSchema1764000000000 implements MigrationInterface {
  name = 'InitialSchema1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await q.query(`CREATE EXTENSION IF NOT EXISTS btree_gist`);

    await q.query(`
      CREATE TABLE organisation (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code varchar(32) NOT NULL UNIQUE,
        name varchar(200) NOT NULL,
        kind text NOT NULL CHECK (kind IN ('COUNTY','DISTRICT','UNITARY','POLICE','COMMISSIONER','FIRE','NHS','VOLUNTARY','OTHER')),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE member (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organisation_id uuid NOT NULL REFERENCES organisation(id),
        name varchar(200) NOT NULL,
        email varchar(320) NOT NULL,
        role text NOT NULL CHECK (role IN ('VIEWER','OFFICER','COORDINATOR')),
        api_key_hash char(64) UNIQUE,
        active boolean NOT NULL DEFAULT true,
        digest_enabled boolean NOT NULL DEFAULT true,
        digest_area_ids uuid[] NOT NULL DEFAULT '{}',
        digest_audience_ids uuid[] NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX member_email_key ON member (lower(email))`);
    await q.query(`CREATE INDEX member_organisation_idx ON member (organisation_id)`);

    await q.query(`
      CREATE TABLE area (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code varchar(32) NOT NULL UNIQUE,
        name varchar(200) NOT NULL,
        level text NOT NULL,
        parent_id uuid REFERENCES area(id),
        is_composite boolean NOT NULL DEFAULT false,
        -- the area itself and every area above it: the "up" set used for territory comparison
        lineage_ids uuid[] NOT NULL,
        valid_from date,
        valid_to date,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (valid_to IS NULL OR valid_from IS NULL OR valid_to >= valid_from)
      )`);
    await q.query(`CREATE INDEX area_parent_idx ON area (parent_id)`);
    await q.query(`
      CREATE TABLE area_composite_member (
        composite_id uuid NOT NULL REFERENCES area(id) ON DELETE CASCADE,
        member_id uuid NOT NULL REFERENCES area(id),
        PRIMARY KEY (composite_id, member_id)
      )`);

    await q.query(`
      CREATE TABLE audience (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code varchar(64) NOT NULL UNIQUE,
        name varchar(200) NOT NULL,
        kind text NOT NULL CHECK (kind IN ('GROUP','PANEL')),
        parent_id uuid REFERENCES audience(id),
        lineage_ids uuid[] NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX audience_parent_idx ON audience (parent_id)`);

    await q.query(`
      CREATE TABLE consultation (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organisation_id uuid NOT NULL REFERENCES organisation(id),
        lead_officer_id uuid REFERENCES member(id),
        title varchar(200) NOT NULL,
        summary varchar(4000) NOT NULL DEFAULT '',
        topics text[] NOT NULL DEFAULT '{}',
        channels text[] NOT NULL DEFAULT '{}',
        expected_respondents integer CHECK (expected_respondents >= 0),
        statutory boolean NOT NULL DEFAULT false,
        start_date date NOT NULL,
        end_date date NOT NULL,
        status text NOT NULL CHECK (status IN ('DRAFT','PLANNED','LIVE','CLOSED','CANCELLED')),
        -- as chosen by the officer
        area_ids uuid[] NOT NULL,
        audience_ids uuid[] NOT NULL,
        -- derived: composites replaced by their members (the "blocks"), and the lineage of every block
        area_block_ids uuid[] NOT NULL,
        area_lineage_ids uuid[] NOT NULL,
        audience_lineage_ids uuid[] NOT NULL,
        period daterange GENERATED ALWAYS AS (daterange(start_date, end_date, '[]')) STORED,
        search tsvector GENERATED ALWAYS AS (
          setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('english', summary), 'B')
        ) STORED,
        created_by uuid REFERENCES member(id),
        updated_by uuid REFERENCES member(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        version integer NOT NULL DEFAULT 1,
        CHECK (end_date >= start_date)
      )`);
    await q.query(`CREATE INDEX consultation_period_idx ON consultation USING gist (period)`);
    await q.query(`CREATE INDEX consultation_area_block_idx ON consultation USING gin (area_block_ids)`);
    await q.query(`CREATE INDEX consultation_area_lineage_idx ON consultation USING gin (area_lineage_ids)`);
    await q.query(`CREATE INDEX consultation_audience_idx ON consultation USING gin (audience_ids)`);
    await q.query(`CREATE INDEX consultation_audience_lineage_idx ON consultation USING gin (audience_lineage_ids)`);
    await q.query(`CREATE INDEX consultation_topics_idx ON consultation USING gin (topics)`);
    await q.query(`CREATE INDEX consultation_search_idx ON consultation USING gin (search)`);
    await q.query(`CREATE INDEX consultation_title_trgm_idx ON consultation USING gin (title gin_trgm_ops)`);
    await q.query(`CREATE INDEX consultation_start_idx ON consultation (start_date, id)`);
    await q.query(`CREATE INDEX consultation_organisation_idx ON consultation (organisation_id, status)`);
    // One registration per title, organisation and dates; a cancelled one frees the slot.
    await q.query(`
      CREATE UNIQUE INDEX consultation_registration_key
        ON consultation (organisation_id, lower(title), start_date, end_date)
        WHERE status <> 'CANCELLED'`);

    await q.query(`
      CREATE TABLE audit_log (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        actor_id uuid REFERENCES member(id),
        actor_label varchar(400) NOT NULL,
        action varchar(64) NOT NULL,
        entity_type varchar(64) NOT NULL,
        entity_id varchar(64) NOT NULL,
        before jsonb,
        after jsonb
      )`);
    await q.query(`CREATE INDEX audit_log_entity_idx ON audit_log (entity_type, entity_id, id)`);
    await q.query(`CREATE INDEX audit_log_actor_idx ON audit_log (actor_id, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['audit_log', 'consultation', 'audience', 'area_composite_member', 'area', 'member', 'organisation']) {
      await q.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}
