SELECT 
  c.id, v.id::uuid AS "consultationId", c.kind, c.severity,
  CASE WHEN c.consultation_id = v.id THEN c.explanation ELSE c.other_explanation END AS explanation,
  CASE WHEN c.consultation_id = v.id THEN c.other_id ELSE c.consultation_id END AS "otherId",
  c.blackout_id AS "blackoutId", c.related_ids AS "relatedIds",
  c.shared_area_ids AS "sharedAreaIds", c.shared_audience_ids AS "sharedAudienceIds",
  c.shared_channels AS "sharedChannels", c.shared_topics AS "sharedTopics",
  c.overlap_start::text AS "overlapStart", c.overlap_end::text AS "overlapEnd",
  c.acknowledged_note, c.acknowledged_by, c.acknowledged_at
  FROM unnest($1::uuid[]) AS v(id)
  JOIN conflict c ON c.consultation_id = v.id OR c.other_id = v.id
  ORDER BY array_position(ARRAY['HIGH','MEDIUM','LOW'], c.severity), coalesce(c.overlap_start, 'infinity'::date), array_position(ARRAY['OVERLAP','DUPLICATE','FATIGUE','BLACKOUT','PROTECTED'], c.kind), c.id;

SELECT "c"."id" AS "c_id",
       "c"."organisation_id" AS "c_organisation_id",
       "c"."lead_officer_id" AS "c_lead_officer_id",
       "c"."title" AS "c_title",
       "c"."summary" AS "c_summary",
       "c"."topic_title" AS "c_topic_title",
       "c"."topic_summary" AS "c_topic_summary",
       "c"."topics" AS "c_topics",
       "c"."channels" AS "c_channels",
       "c"."expected_respondents" AS "c_expected_respondents",
       "c"."statutory" AS "c_statutory",
       "c"."public" AS "c_public",
       "c"."decision_date" AS "c_decision_date",
       "c"."short_period_reason" AS "c_short_period_reason",
       "c"."protected_days_before" AS "c_protected_days_before",
       "c"."protected_days_after" AS "c_protected_days_after",
       "c"."start_date" AS "c_start_date",
       "c"."end_date" AS "c_end_date",
       "c"."status" AS "c_status",
       "c"."area_ids" AS "c_area_ids",
       "c"."audience_ids" AS "c_audience_ids",
       "c"."area_block_ids" AS "c_area_block_ids",
       "c"."area_lineage_ids" AS "c_area_lineage_ids",
       "c"."audience_lineage_ids" AS "c_audience_lineage_ids",
       "c"."created_by" AS "c_created_by",
       "c"."updated_by" AS "c_updated_by",
       "c"."created_at" AS "c_created_at",
       "c"."updated_at" AS "c_updated_at",
       "c"."version" AS "c_version",
       "o"."id" AS "o_id",
       "o"."code" AS "o_code",
       "o"."name" AS "o_name",
       "o"."kind" AS "o_kind",
       "o"."public_by_default" AS "o_public_by_default",
       "o"."created_at" AS "o_created_at",
       "o"."updated_at" AS "o_updated_at"
FROM "consultation" "c"
LEFT JOIN "organisation" "o" ON "o"."id" = "c"."organisation_id"
WHERE (("c"."status" <> 'DRAFT' OR "c"."organisation_id" = $1 OR "c"."id" IN (SELECT j.consultation_id
FROM join_request j
WHERE j.organisation_id = $1 AND j.status = 'ACCEPTED')))
ORDER BY "c"."start_date" ASC,
       "c"."id" ASC
LIMIT 101;

SELECT (SELECT coalesce(sum(n), 0)::int FROM consultation_tally
  WHERE (status <> 'DRAFT' OR organisation_id = $1)
  AND ($2::uuid[] IS NULL OR organisation_id = ANY($2)) AND ($3::text[] IS NULL OR status = ANY($3)))
  + (SELECT count(*)::int FROM consultation c
  WHERE c.id IN (SELECT j.consultation_id FROM join_request j WHERE j.organisation_id = $1 AND j.status = 'ACCEPTED') AND c.status = 'DRAFT' AND c.organisation_id <> $1
  AND ($2::uuid[] IS NULL OR c.organisation_id = ANY($2)) AND ($3::text[] IS NULL OR c.status = ANY($3))) AS total;

SELECT m.id AS "memberId", m.organisation_id AS "organisationId", m.role, m.name, m.email, k.id AS "keyId", k.last_used_at AS "lastUsedAt"
  FROM api_key k JOIN member m ON m.id = k.member_id
  WHERE k.key_hash = $1 AND k.revoked_at IS NULL AND (k.expires_on IS NULL OR k.expires_on >= $2::date) AND m.active;
