import { EntityManager } from 'typeorm';

/**
 * What the clash check of plans in these territories reads, as it stands: every consultation in
 * the territories (the top-level areas of `$1`, the lineage of the plans' areas, where any
 * candidate of theirs stands too) and every blackout period, each row by id and by the
 * transaction that wrote its version (xmin). A registration, a change, a cancellation or a
 * blackout changed since gives another value, so work judged on the register as it stood can be
 * kept only while the value is the same. The counts of words and registrations (the wording
 * rule's rarity) are not in it: they move with registrations anywhere in the network, as they may
 * between the statements of a registration's own check.
 */
const TERRITORY_VERSION_SQL = `
SELECT md5(coalesce((SELECT string_agg(c.id::text || ':' || c.xmin::text, ',' ORDER BY c.id)
                       FROM consultation c
                      WHERE c.area_lineage_ids && ARRAY(SELECT id FROM area WHERE id = ANY($1::uuid[]) AND parent_id IS NULL)
                        AND NOT (c.id = ANY($2::uuid[]))), '')
        || '|' ||
       coalesce((SELECT string_agg(b.id::text || ':' || b.xmin::text, ',' ORDER BY b.id) FROM blackout_period b), '')) AS version`;

/** The version of the territories of `areaLineageIds`, leaving out the consultations `own` (those being judged). */
export async function territoryVersion(manager: EntityManager, areaLineageIds: readonly string[], own: readonly string[]): Promise<string> {
  const [{ version }]: { version: string }[] = await manager.query(TERRITORY_VERSION_SQL, [areaLineageIds, own]);
  return version;
}
