import fc from 'fast-check';
import { QueryRunner } from 'typeorm';
import { SUMMARY_SIGNATURE_BITS, TITLE_SIGNATURE_BITS, TrigramSignatures1764700000000 } from '../../src/database/migrations/1764700000000-trigram-signatures';
import { useConnectedTestDatabase } from '../support/test-database';
import { propertyRuns } from '../support/test-env';

// The clash check runs similarity() only where trigram_similarity_possible() says the threshold is
// within reach. If it ever said no to a pair that is similar enough, a DUPLICATE would silently go
// unreported: so the bound is held to similarity() itself, at every signature width and right at
// the threshold, where rounding would show.
describe('trigram signatures', () => {
  const database = useConnectedTestDatabase();

  const judge = async (plan: string, candidate: string, bits: number, threshold: number | null) => {
    const { rows } = await database.client.query(
      `SELECT s AS similarity,
              trigram_similarity_possible(trigram_signature($2, $3), trigram_signature($1, $3), cardinality(show_trgm($1)), coalesce($4::real, s)) AS possible
         FROM similarity($2, $1) AS s`,
      [plan, candidate, bits, threshold],
    );
    return rows[0] as { similarity: number; possible: boolean };
  };

  // Words from a small vocabulary share trigrams often, so similarities spread over the whole range.
  const words = fc.constantFrom('school', 'schools', 'bus', 'buses', 'route', 'routes', 'plan', 'strategy', 'health', 'mental', 'park', 'parks', '2026', '2027', 'café', 'Straße', 'Ünïcode');
  const text = fc.oneof(fc.array(words, { maxLength: 6 }).map((w) => w.join(' ')), fc.string({ maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 20 })).map((s) => s.replace(/\u0000/g, ''));

  it('never rules out a pair whose similarity reaches the threshold, at any width, even exactly at it', async () => {
    await fc.assert(
      fc.asyncProperty(text, text, fc.constantFrom(8, 64, TITLE_SIGNATURE_BITS, SUMMARY_SIGNATURE_BITS), fc.option(fc.double({ min: 0.01, max: 1, noNaN: true }), { nil: null }), async (plan, candidate, bits, threshold) => {
          // null: the threshold is the pair's own similarity, the sharpest case.
          const { similarity, possible } = await judge(plan, candidate, bits, threshold === null ? null : Math.fround(threshold));
          if (threshold === null ? similarity > 0 : similarity >= Math.fround(threshold)) expect(possible).toBe(true);
        },
      ),
      { numRuns: propertyRuns(300) },
    );
  });

  it('rules out dissimilar titles and summaries without computing their similarity', async () => {
    expect(await judge('Buses strategy 2027', 'Mental health plan 2025', TITLE_SIGNATURE_BITS, 0.45)).toMatchObject({ possible: false });
    expect(await judge('Bus routes 2027', 'Buses and bus routes 2027', TITLE_SIGNATURE_BITS, 0.45)).toMatchObject({ possible: true });
    const summary = 'We are asking residents which bus routes in Tamworth matter most to them before the county renews its subsidies next spring.';
    const other = 'The fire service would like to hear how safe people feel at home, and what would help them prepare for an emergency.';
    expect(await judge(summary, other, SUMMARY_SIGNATURE_BITS, 0.45)).toMatchObject({ possible: false });
  });

  it('are kept up to date with each consultation’s title and summary', async () => {
    const inserted = await database.client.query(`
      INSERT INTO consultation (organisation_id, title, summary, start_date, end_date, status, area_ids, area_block_ids, area_lineage_ids, audience_ids, audience_lineage_ids)
      SELECT id, 'Library opening hours', '', '2027-01-04', '2027-02-01', 'DRAFT', '{}', '{}', '{}', '{}', '{}' FROM organisation LIMIT 1 RETURNING id, summary_signature`);
    expect(inserted.rows[0].summary_signature).toBeNull();
    const { rows } = await database.client.query(
      `UPDATE consultation SET title = 'Bus routes 2027', summary = 'Which routes matter most' WHERE id = $1
       RETURNING title_signature = trigram_signature('Bus routes 2027', ${TITLE_SIGNATURE_BITS}) AS title_current,
                 summary_signature = trigram_signature('Which routes matter most', ${SUMMARY_SIGNATURE_BITS}) AS summary_current`,
      [inserted.rows[0].id],
    );
    expect(rows).toEqual([{ title_current: true, summary_current: true }]);
  });

  it('come from a migration that refuses a PostgreSQL older than 14 by name, before changing anything', async () => {
    const sent: string[] = [];
    const runner = { query: async (sql: string) => (sent.push(sql), [{ version: 130016, name: '13.16' }]) } as unknown as QueryRunner;
    await expect(new TrigramSignatures1764700000000().up(runner)).rejects.toThrow('needs PostgreSQL 14 or later (for bit_count); this server is 13.16');
    expect(sent).toHaveLength(1);
  });
});
