// The clash check's busy SQL, kept readable here; test/e2e/busy-sql.e2e.spec.ts keeps a snapshot of every
// statement a check sends (check-consultation.sql) and test/integration/candidate-plans.spec.ts its plan.
// $1 window from, $2 window to, $3 viewer organisation, $4 block ids, $5 area lineage ids,
// $6 audience ids, $7 audience lineage ids, $8 excluded consultation, $9 title, $10 summary.
export const CANDIDATES_SQL = `
SELECT c.id, c.title, o.name AS organisation_name, c.start_date::text AS start_date, c.end_date::text AS end_date,
       c.channels, c.topics, c.area_block_ids, c.audience_ids,
       greatest(similarity(c.title, $9),
                CASE WHEN $10 <> '' AND c.summary <> '' THEN similarity(c.summary, $10) ELSE 0 END) AS text_similarity
  FROM consultation c
  JOIN organisation o ON o.id = c.organisation_id
 WHERE c.period && daterange($1::date, $2::date, '[]')
   AND c.status <> 'CANCELLED'
   AND (c.status <> 'DRAFT' OR c.organisation_id = $3)
   AND (c.area_lineage_ids && $4::uuid[] OR c.area_block_ids && $5::uuid[])
   AND (c.audience_lineage_ids && $6::uuid[] OR c.audience_ids && $7::uuid[])
   AND c.id IS DISTINCT FROM $8::uuid`;

// $1 start, $2 end, $4–$7 as above. A blackout with no areas (audiences) applies to all.
export const BLACKOUTS_SQL = `
SELECT b.id, b.name, b.start_date::text AS start_date, b.end_date::text AS end_date, b.severity,
       b.area_block_ids, b.audience_ids
  FROM blackout_period b
 WHERE b.period && daterange($1::date, $2::date, '[]')
   AND (b.area_ids = '{}' OR b.area_lineage_ids && $3::uuid[] OR b.area_block_ids && $4::uuid[])
   AND (b.audience_ids = '{}' OR b.audience_lineage_ids && $5::uuid[] OR b.audience_ids && $6::uuid[])`;
