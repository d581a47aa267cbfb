import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { BlackoutSeed, blackoutSeeds } from './blackout-data';
import { AreaSeed, areaSeeds, AUDIENCES, AudienceSeed, ORGANISATIONS } from './reference-data';

export interface SeedResult {
  organisations: number;
  areas: number;
  audiences: number;
  blackouts: number;
}

/**
 * Loads the network's reference data. Only rows whose code is missing are inserted, so a
 * second run changes nothing and a coordinator's later edits are never overwritten.
 */
export async function seedReferenceData(dataSource: DataSource): Promise<SeedResult> {
  const audit = new AuditService();
  return dataSource.transaction(async (tx) => {
    // One seed at a time: two instances starting together must not both insert.
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('consultation-calendar:seed'))`);
    let organisations = 0;
    for (const org of ORGANISATIONS) {
      const id = await insertIfMissing(tx, `INSERT INTO organisation (code, name, kind) VALUES ($1, $2, $3) ON CONFLICT (code) DO NOTHING RETURNING id`, [org.code, org.name, org.kind]);
      if (id) {
        organisations++;
        await audit.record(tx, undefined, { action: 'organisation.seed', entityType: 'organisation', entityId: id, after: org });
      }
    }
    let areas = 0;
    for (const area of areaSeeds()) {
      if (await insertArea(tx, area)) areas++;
    }
    let audiences = 0;
    for (const audience of AUDIENCES) {
      if (await insertAudience(tx, audience)) audiences++;
    }
    let blackouts = 0;
    for (const blackout of blackoutSeeds()) {
      if (await insertBlackout(tx, blackout)) blackouts++;
    }
    if (blackouts) await audit.record(tx, undefined, { action: 'blackout.seed', entityType: 'blackout_period', entityId: '*', after: { inserted: blackouts } });
    if (areas) await audit.record(tx, undefined, { action: 'area.seed', entityType: 'area', entityId: '*', after: { inserted: areas } });
    if (audiences) await audit.record(tx, undefined, { action: 'audience.seed', entityType: 'audience', entityId: '*', after: { inserted: audiences } });
    return { organisations, areas, audiences, blackouts };
  });
}

async function insertArea(tx: EntityManager, area: AreaSeed): Promise<boolean> {
  const id = randomUUID();
  // The lineage is the area followed by its parent's lineage.
  const inserted = await insertIfMissing(
    tx,
    `INSERT INTO area (id, code, name, level, parent_id, is_composite, lineage_ids)
     SELECT $1, $2, $3, $4, p.id, $5, array_prepend($1::uuid, coalesce(p.lineage_ids, '{}'))
       FROM (SELECT NULL) AS one LEFT JOIN area p ON p.code = $6
     ON CONFLICT (code) DO NOTHING RETURNING id`,
    [id, area.code, area.name, area.level, Boolean(area.memberCodes), area.parentCode ?? null],
  );
  if (inserted && area.memberCodes) {
    await tx.query(
      `INSERT INTO area_composite_member (composite_id, member_id) SELECT $1, id FROM area WHERE code = ANY($2)`,
      [id, area.memberCodes],
    );
  }
  return Boolean(inserted);
}

async function insertAudience(tx: EntityManager, audience: AudienceSeed): Promise<boolean> {
  const id = randomUUID();
  const inserted = await insertIfMissing(
    tx,
    `INSERT INTO audience (id, code, name, kind, reach, parent_id, lineage_ids)
     SELECT $1, $2, $3, $4, $6, p.id, array_prepend($1::uuid, coalesce(p.lineage_ids, '{}'))
       FROM (SELECT NULL) AS one LEFT JOIN audience p ON p.code = $5
     ON CONFLICT (code) DO NOTHING RETURNING id`,
    [id, audience.code, audience.name, audience.kind, audience.parentCode ?? null, audience.reach],
  );
  return Boolean(inserted);
}

// Seeded areas are never composites, so a selection's blocks are the areas themselves.
async function insertBlackout(tx: EntityManager, b: BlackoutSeed): Promise<boolean> {
  const inserted = await insertIfMissing(
    tx,
    `WITH areas AS (SELECT id, lineage_ids FROM area WHERE code = ANY($6)),
          audiences AS (SELECT id, lineage_ids FROM audience WHERE code = ANY($7))
     INSERT INTO blackout_period (code, name, start_date, end_date, severity, area_ids, area_block_ids, area_lineage_ids, audience_ids, audience_lineage_ids)
     SELECT $1, $2, $3, $4, $5,
            coalesce((SELECT array_agg(id ORDER BY id) FROM areas), '{}'),
            coalesce((SELECT array_agg(id ORDER BY id) FROM areas), '{}'),
            coalesce((SELECT array_agg(DISTINCT l ORDER BY l) FROM areas, unnest(lineage_ids) AS l), '{}'),
            coalesce((SELECT array_agg(id ORDER BY id) FROM audiences), '{}'),
            coalesce((SELECT array_agg(DISTINCT l ORDER BY l) FROM audiences, unnest(lineage_ids) AS l), '{}')
     ON CONFLICT (code) DO NOTHING RETURNING id`,
    [b.code, b.name, b.startDate, b.endDate, b.severity, b.areaCodes, b.audienceCodes],
  );
  return Boolean(inserted);
}

async function insertIfMissing(tx: EntityManager, sql: string, params: unknown[]): Promise<string | undefined> {
  const rows: { id: string }[] = await tx.query(sql, params);
  return rows[0]?.id;
}
