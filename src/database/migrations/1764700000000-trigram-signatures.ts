import { MigrationInterface, QueryRunner } from 'typeorm';

// Most of a county-wide clash check's database time went on similarity() for rows that could not
// reach the threshold: every consultation a year either side is a DUPLICATE candidate if its text
// is similar. Each consultation now keeps a signature of its title's and summary's pg_trgm
// trigrams, one bit per trigram hash, and trigram_similarity_possible() tells from two signatures
// alone, in a few instructions, when the similarity is certainly below a threshold (see there why
// it never says so wrongly); similarity() runs only where it may not be.
//
// Summaries have hundreds of trigrams, so their signature is wider, and empty summaries keep none.
export const TITLE_SIGNATURE_BITS = 256;
export const SUMMARY_SIGNATURE_BITS = 1024;

export class TrigramSignatures1764700000000 implements MigrationInterface {
  name = 'TrigramSignatures1764700000000';

  async up(q: QueryRunner): Promise<void> {
    const [{ version, name }] = await q.query(`SELECT current_setting('server_version_num')::int AS version, current_setting('server_version') AS name`);
    if (version < 140000) throw new Error(`Consultation Calendar needs PostgreSQL 14 or later (for bit_count); this server is ${name}`);
    // hashtext is the server's own, so the plan's signature (worked out in the same query) and the
    // stored ones always agree. PL/pgSQL, because a SQL function with an aggregate is not inlined
    // and its executor costs five times as much a row; this adds a few seconds a million rows.
    await q.query(`
      CREATE FUNCTION trigram_signature(content text, bits int) RETURNS bit varying
      LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
      DECLARE
        signature bit varying := repeat('0', bits)::bit varying;
        trigram text;
      BEGIN
        FOREACH trigram IN ARRAY show_trgm(content) LOOP
          signature := set_bit(signature, (hashtext(trigram) & 2147483647) % bits, 1);
        END LOOP;
        RETURN signature;
      END $$`);
    // A plan with `trigrams` distinct trigrams (signature `plan`) and a candidate (signature
    // `candidate`) share c trigrams, and pg_trgm's similarity is c / (a + b - c), which reaches t
    // only if c·(1 + t) >= t·(a + b). Every shared trigram sets a bit in both signatures, and plan
    // trigrams that hash to one bit are counted back, so c is at most
    // bit_count(candidate & plan) + trigrams - bit_count(plan); the candidate has at least
    // bit_count(candidate) trigrams. The margin covers similarity()'s float4 rounding.
    await q.query(`
      CREATE FUNCTION trigram_similarity_possible(candidate bit varying, plan bit varying, trigrams int, threshold real) RETURNS boolean
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT (bit_count(candidate & plan) + trigrams - bit_count(plan)) * (1 + threshold::float8)
               >= threshold::float8 * (trigrams + bit_count(candidate)) - 0.001
      $$`);
    await q.query(`
      ALTER TABLE consultation
        ADD COLUMN title_signature bit varying GENERATED ALWAYS AS (trigram_signature(title, ${TITLE_SIGNATURE_BITS})) STORED,
        ADD COLUMN summary_signature bit varying GENERATED ALWAYS AS (CASE WHEN summary <> '' THEN trigram_signature(summary, ${SUMMARY_SIGNATURE_BITS}) END) STORED`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE consultation DROP COLUMN summary_signature, DROP COLUMN title_signature`);
    await q.query(`DROP FUNCTION trigram_similarity_possible(bit varying, bit varying, int, real)`);
    await q.query(`DROP FUNCTION trigram_signature(text, int)`);
  }
}
