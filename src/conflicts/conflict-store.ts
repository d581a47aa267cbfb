import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { ConsultationEntity, REGISTERED_STATUSES } from '../consultations/consultation.entity';
import { CONFLICT_KINDS, ConflictKind } from './clash-rules';
import { ConflictFinder, NETWORK_VIEW, PlanSubject, Subject } from './conflict-finder';
import { Finding } from './conflict.rules';

/** A conflict as one side sees it: the rules' finding, told from that side, and its acknowledgement. */
export type ConflictView = Omit<Finding, 'otherExplanation'> & {
  id: string;
  /** The consultation whose side this is. */
  consultationId: string;
  acknowledgement: { note: string; byId: string; at: Date } | null;
};

/** Conflicts worked out for many consultations together (ConflictStore.judge), to be kept in one go. */
export interface Judgement {
  /** Each consultation's conflicts of every kind, told from its side; a pair within them only on the later one's list. */
  own: Map<string, Finding[]>;
  /** The FATIGUE of other consultations within a fatigue window of them. */
  neighbours: Map<string, Finding[]>;
}

const NO_ID = '00000000-0000-0000-0000-000000000000';
// Conflict rows written to a statement: a national blackout period can reach tens of thousands.
const UPSERT_BATCH = 2000;

/** Which pair or period a conflict row is about, beside its kind and consultation (its unique index). */
const identity = (table = '') => `coalesce(${table}other_id, ${table}blackout_id, '${NO_ID}'::uuid)`;
/** What a conflict row says about it: written again only when some of it changes. */
const STATED = ['severity', 'related_ids', 'shared_area_ids', 'shared_audience_ids', 'shared_channels', 'shared_topics', 'overlap_start', 'overlap_end', 'explanation', 'other_explanation', 'substance'];

/** Writes conflict rows, leaving alone those that come out as they were; the ids of all (see upsertRows). */
const UPSERT_SQL = `WITH f AS MATERIALIZED (
     SELECT * FROM jsonb_to_recordset($1::jsonb) AS f(kind text, severity text, consultation_id uuid, other_id uuid, blackout_id uuid,
            related_ids uuid[], shared_area_ids uuid[], shared_audience_ids uuid[], shared_channels text[], shared_topics text[],
            overlap_start date, overlap_end date, explanation text, other_explanation text, substance text)),
   changed AS (
     INSERT INTO conflict (kind, severity, consultation_id, other_id, blackout_id, related_ids, shared_area_ids, shared_audience_ids,
                           shared_channels, shared_topics, overlap_start, overlap_end, explanation, other_explanation, substance)
     SELECT * FROM f
     ON CONFLICT (kind, consultation_id, (${identity()})) DO UPDATE SET
       ${STATED.map((column) => `${column} = EXCLUDED.${column}`).join(', ')},
       -- an acknowledgement covers what was acknowledged: it lapses when the substance changes
       acknowledged_note = CASE WHEN conflict.substance = EXCLUDED.substance THEN conflict.acknowledged_note END,
       acknowledged_by = CASE WHEN conflict.substance = EXCLUDED.substance THEN conflict.acknowledged_by END,
       acknowledged_at = CASE WHEN conflict.substance = EXCLUDED.substance THEN conflict.acknowledged_at END,
       updated_at = CASE WHEN (conflict.severity, conflict.explanation, conflict.substance) IS DISTINCT FROM (EXCLUDED.severity, EXCLUDED.explanation, EXCLUDED.substance)
                         THEN now() ELSE conflict.updated_at END
     WHERE (${STATED.map((column) => `conflict.${column}`).join(', ')}) IS DISTINCT FROM (${STATED.map((column) => `EXCLUDED.${column}`).join(', ')})
     RETURNING id)
   SELECT id FROM changed
    UNION
   SELECT c.id FROM f JOIN conflict c ON c.kind = f.kind AND c.consultation_id = f.consultation_id AND ${identity('c.')} = ${identity('f.')}`;

// Seen from $1: the row's own side, or the other side of a pair with the explanation swapped.
export const VIEW_COLUMNS = `
  c.id, $1::uuid AS "consultationId", c.kind, c.severity,
  CASE WHEN c.consultation_id = $1 THEN c.explanation ELSE c.other_explanation END AS explanation,
  CASE WHEN c.consultation_id = $1 THEN c.other_id ELSE c.consultation_id END AS "otherId",
  c.blackout_id AS "blackoutId", c.related_ids AS "relatedIds",
  c.shared_area_ids AS "sharedAreaIds", c.shared_audience_ids AS "sharedAudienceIds",
  c.shared_channels AS "sharedChannels", c.shared_topics AS "sharedTopics",
  c.overlap_start::text AS "overlapStart", c.overlap_end::text AS "overlapEnd",
  c.acknowledged_note, c.acknowledged_by, c.acknowledged_at`;

/**
 * The registered consultations blackout $1 may reach, as CANDIDATES_SQL meets blackouts (the rules
 * decide). Those it reached before and no longer does need no finding: their conflict is dropped.
 */
const REACHED_BY_BLACKOUT_SQL = `
SELECT c.id, c.organisation_id AS "organisationId", c.title, c.start_date::text AS "startDate", c.end_date::text AS "endDate", c.channels, c.topics,
       c.area_block_ids AS "areaBlockIds", c.audience_ids AS "audienceIds"
  FROM consultation c JOIN blackout_period b ON b.id = $1
 WHERE c.status IN (${REGISTERED_STATUSES.map((s) => `'${s}'`).join(', ')}) AND c.period && b.period
   AND (b.area_ids = '{}' OR b.area_lineage_ids && c.area_block_ids OR b.area_block_ids && c.area_lineage_ids)
   AND (b.audience_ids = '{}' OR b.audience_lineage_ids && c.audience_ids OR b.audience_ids && c.audience_lineage_ids)`;

/** The consultations whose FATIGUE conflict names $1 among its related ones (through conflict_fatigue_related_idx). */
export const FATIGUE_MENTIONING_SQL = `SELECT consultation_id FROM conflict WHERE kind = 'FATIGUE' AND related_ids @> ARRAY[$1::uuid]`;

/** The order conflicts are listed in: severity, then the first shared day, then kind (see the README). */
export const ORDER_KEYS = [
  `array_position(ARRAY['HIGH','MEDIUM','LOW'], c.severity)`,
  `coalesce(c.overlap_start, 'infinity'::date)`,
  `array_position(ARRAY['OVERLAP','DUPLICATE','FATIGUE','BLACKOUT','PROTECTED'], c.kind)`,
  'c.id',
] as const;
const ORDER = ORDER_KEYS.join(', ');

/**
 * Keeps conflicts between registered consultations (PLANNED, LIVE, CLOSED). Drafts are private
 * working copies: their conflicts are worked out when asked for and never stored, so nothing
 * about a draft reaches another organisation and drafts never hold up anyone's launch.
 */
@Injectable()
export class ConflictStore {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly finder: ConflictFinder,
  ) {}

  /** Brings a consultation's stored conflicts up to date, and its neighbours' FATIGUE, inside the caller's transaction. */
  async recompute(manager: EntityManager, consultation: ConsultationEntity): Promise<void> {
    await this.refreshNeighbours(manager, consultation, await this.recomputeOwn(manager, consultation));
  }

  /**
   * Brings a consultation's own conflicts up to date inside the caller's transaction, holding its
   * territory's lock, and returns the other consultations whose FATIGUE it may have changed: those
   * within a fatigue window of it now, and those whose FATIGUE names it (refreshNeighbours; a
   * write hands them to ConflictRefreshQueue).
   */
  async recomputeOwn(manager: EntityManager, consultation: ConsultationEntity): Promise<string[]> {
    await this.lockTerritory(manager, consultation.areaLineageIds);
    const previouslyFatiguing = await this.fatigueRowsMentioning(manager, consultation.id);
    const { findings, reachingIds } = isRegistered(consultation) ? await this.finder.find(subjectOf(consultation), NETWORK_VIEW, manager) : { findings: [], reachingIds: [] };
    await this.store(manager, new Map([[consultation.id, findings]]), CONFLICT_KINDS);
    return [...new Set([...reachingIds, ...previouslyFatiguing])].filter((id) => id !== consultation.id);
  }

  /**
   * The FATIGUE of `affected` worked out afresh from the register as it stands and kept, their
   * candidates looked up around `around` (the consultation whose change brought them up; see
   * ConflictFinder.fatigueOf). The caller holds their territories' locks. Run twice, it keeps the same.
   */
  async refreshNeighbours(manager: EntityManager, around: ConsultationEntity | null, affected: readonly string[]): Promise<void> {
    if (affected.length === 0) return;
    const others = await manager.findBy(ConsultationEntity, affected.map((id) => ({ id })));
    const fatigue = await this.finder.fatigueOf(others.filter(isRegistered).map(subjectOf), manager, around ? subjectOf(around) : undefined);
    const ids = others.map((o) => o.id).sort();
    await this.store(manager, new Map(ids.map((id) => [id, fatigue.get(id) ?? []])), ['FATIGUE']);
  }

  /**
   * What recompute() of each of these consultations in turn (inserted, not yet judged) would keep,
   * worked out together and kept by keep() in one go: an import's rows. Each is judged where it
   * stands, as recompute() judges it, and a pair within them is the later one's finding, as the
   * later one's recompute replaces the earlier one's row. Their neighbours' FATIGUE is worked out
   * once, not once for each: every recompute would judge it on the same register, all the rows
   * being in. Reads only, and takes no lock: the judging can run before the writing transaction.
   * `neighbours` false leaves the neighbours out (a dry run reports only the rows' own conflicts).
   */
  async judge(manager: EntityManager, consultations: readonly ConsultationEntity[], { neighbours = true } = {}): Promise<Judgement> {
    const position = new Map(consultations.map((c, i) => [c.id, i]));
    const own = new Map<string, Finding[]>();
    const reaching = new Set<string>();
    for (const [i, consultation] of consultations.entries()) {
      if (!isRegistered(consultation)) {
        own.set(consultation.id, []);
        continue;
      }
      const { findings, reachingIds } = await this.finder.find(subjectOf(consultation), NETWORK_VIEW, manager);
      own.set(consultation.id, findings.filter((f) => f.otherId === null || !((position.get(f.otherId) ?? -1) > i)));
      for (const id of reachingIds) if (!position.has(id)) reaching.add(id);
    }
    if (!neighbours || reaching.size === 0) return { own, neighbours: new Map() };
    const others = await manager.findBy(ConsultationEntity, { id: In([...reaching]) });
    const fatigue = await this.finder.fatigueOf(others.filter(isRegistered).map(subjectOf), manager);
    const ids = others.map((o) => o.id).sort();
    return { own, neighbours: new Map(ids.map((id) => [id, fatigue.get(id) ?? []])) };
  }

  /** Keeps what judge() found, inside the caller's transaction, holding the territories' locks (see holdTerritories). */
  async keep(manager: EntityManager, judgement: Judgement): Promise<void> {
    await this.store(manager, judgement.own, CONFLICT_KINDS);
    if (judgement.neighbours.size) await this.store(manager, judgement.neighbours, ['FATIGUE']);
  }

  /** The lock recompute() takes for a consultation, for all of these territories at once (an import's, a refresh's). */
  holdTerritories(manager: EntityManager, areaLineageIds: readonly string[]): Promise<void> {
    return this.lockTerritory(manager, areaLineageIds);
  }

  /**
   * Brings every registered consultation's conflict with a blackout period up to date after a
   * coordinator created or changed it. Only that blackout changed, so only its conflicts are
   * rewritten, in a few statements however many consultations it reaches (a national
   * pre-election period reaches tens of thousands).
   */
  async recomputeForBlackout(manager: EntityManager, blackoutId: string): Promise<void> {
    await this.holdEveryTerritory(manager);
    const reached: PlanSubject[] = await manager.query(REACHED_BY_BLACKOUT_SQL, [blackoutId]);
    const findings = await this.finder.blackoutFindings(blackoutId, reached, manager);
    const kept = await this.upsert(manager, findings);
    await manager.query(`DELETE FROM conflict WHERE blackout_id = $1 AND NOT (id = ANY($2::uuid[]))`, [blackoutId, kept]);
  }

  /**
   * Keeps each consultation's findings as its conflicts of the kinds in `scope` and drops its
   * others of those kinds: two statements however many consultations (a registration's neighbours).
   */
  private async store(manager: EntityManager, findings: ReadonlyMap<string, readonly Finding[]>, scope: readonly ConflictKind[]): Promise<void> {
    const kept = await this.upsert(manager, findings);
    await manager.query(
      `DELETE FROM conflict WHERE (consultation_id = ANY($1::uuid[]) OR other_id = ANY($1::uuid[])) AND kind = ANY($2) AND NOT (id = ANY($3::uuid[]))`,
      [[...findings.keys()], scope, kept],
    );
  }

  /** Writes each consultation's findings, a few thousand to a statement (a county-wide plan has hundreds), and returns their ids. */
  private async upsert(manager: EntityManager, findings: ReadonlyMap<string, readonly Finding[]>): Promise<string[]> {
    const rows = [...findings].flatMap(([consultationId, found]) => found.map((f) => conflictRow(consultationId, f)));
    const ids: string[] = [];
    for (let from = 0; from < rows.length; from += UPSERT_BATCH) ids.push(...(await this.upsertRows(manager, rows.slice(from, from + UPSERT_BATCH))));
    return ids;
  }

  /**
   * A registration rewrites its neighbours' FATIGUE conflicts, and many come out as they were (a
   * third, at 1M). Those are left alone, as a row rewritten is a new version with an entry in
   * every index (hundreds for a FATIGUE conflict's related ids); their ids come from the identity
   * they already have. Whoever writes these consultations' conflicts holds their territory's lock
   * (lockTerritory), so the rows this statement sees are all there are.
   */
  private async upsertRows(manager: EntityManager, rows: ReturnType<typeof conflictRow>[]): Promise<string[]> {
    const written: { id: string }[] = await manager.query(UPSERT_SQL, [JSON.stringify(rows)]);
    return written.map((r) => r.id);
  }

  /**
   * For a change to a blackout period, which can reach any territory: registrations anywhere
   * wait for this transaction, and it for them, so none keeps a conflict with a period that has
   * changed or gone meanwhile.
   */
  holdEveryTerritory(manager: EntityManager): Promise<void> {
    return this.lockTerritory(manager, null);
  }

  /**
   * Two writers whose consultations could clash share a top-level area (a county, a unitary),
   * so locking those makes the second wait for the first and then see it: every clashing pair
   * is recorded, once. Locks are taken in id order, so writers never deadlock.
   */
  private async lockTerritory(manager: EntityManager, areaLineageIds: readonly string[] | null): Promise<void> {
    await manager.query(
      `SELECT pg_advisory_xact_lock(hashtextextended('conflicts:' || id::text, 0))
         FROM (SELECT id FROM area WHERE ($1::uuid[] IS NULL OR id = ANY($1)) AND parent_id IS NULL ORDER BY id) AS roots`,
      [areaLineageIds],
    );
  }

  private async fatigueRowsMentioning(manager: EntityManager, consultationId: string): Promise<string[]> {
    const rows: { consultation_id: string }[] = await manager.query(FATIGUE_MENTIONING_SQL, [consultationId]);
    return rows.map((r) => r.consultation_id);
  }

  /** Stored conflicts of many consultations, each from its own side, in the documented order. */
  async forConsultations(ids: readonly string[], manager: EntityManager = this.dataSource.manager): Promise<Map<string, ConflictView[]>> {
    const rows = ids.length
      ? await manager.query(
          `SELECT ${VIEW_COLUMNS.replace(/\$1/g, 'v.id')}
             FROM unnest($1::uuid[]) AS v(id)
             JOIN conflict c ON c.consultation_id = v.id OR c.other_id = v.id
            ORDER BY ${ORDER}`,
          [ids],
        )
      : [];
    const byConsultation = new Map<string, ConflictView[]>(ids.map((id) => [id, []]));
    for (const row of rows) byConsultation.get(row.consultationId)!.push(toView(row));
    return byConsultation;
  }

  /** Conflicts by id, each told from the side given with it, keyed by id. */
  async views(sides: ReadonlyMap<string, string>, manager: EntityManager = this.dataSource.manager): Promise<Map<string, ConflictView>> {
    const rows: Record<string, any>[] = await manager.query(
      `SELECT ${VIEW_COLUMNS.replace(/\$1/g, 'v.side')} FROM unnest($1::uuid[], $2::uuid[]) AS v(id, side) JOIN conflict c ON c.id = v.id`,
      [[...sides.keys()], [...sides.values()]],
    );
    return new Map(rows.map((row) => [row.id, toView(row)]));
  }

  /**
   * The side of each conflict an organisation may act for (its own consultation; the row's own
   * side when both are), keyed by conflict id; a conflict with neither side its own is left out.
   * Locks the conflicts, in id order so that two callers never deadlock.
   */
  async ownSides(ids: readonly string[], organisationId: string, manager: EntityManager): Promise<Map<string, string>> {
    const rows: { id: string; side: string }[] = await manager.query(
      `SELECT c.id, CASE WHEN k.organisation_id = $2 THEN c.consultation_id ELSE c.other_id END AS side
         FROM conflict c
         JOIN consultation k ON k.id = c.consultation_id
         LEFT JOIN consultation x ON x.id = c.other_id
        WHERE c.id = ANY($1::uuid[]) AND (k.organisation_id = $2 OR x.organisation_id = $2)
        ORDER BY c.id FOR UPDATE OF c`,
      [ids, organisationId],
    );
    return new Map(rows.map((r) => [r.id, r.side]));
  }

  async acknowledge(manager: EntityManager, ids: readonly string[], note: string, memberId: string): Promise<void> {
    await manager.query(`UPDATE conflict SET acknowledged_note = $2, acknowledged_by = $3, acknowledged_at = now() WHERE id = ANY($1::uuid[])`, [ids, note, memberId]);
  }

  /** Unacknowledged conflicts of an organisation's consultations, HIGH first: for the digest. */
  async unresolvedForOrganisation(organisationId: string): Promise<ConflictView[]> {
    const rows = await this.dataSource.query(
      `SELECT ${VIEW_COLUMNS.replace(/\$1/g, 'k.id')}
         FROM consultation k
         JOIN conflict c ON c.consultation_id = k.id OR c.other_id = k.id
        WHERE k.organisation_id = $1 AND k.status IN ('PLANNED','LIVE') AND c.acknowledged_at IS NULL
        ORDER BY ${ORDER}`,
      [organisationId],
    );
    return rows.map(toView);
  }

  async countsForConsultations(ids: readonly string[]): Promise<Map<string, number>> {
    const rows: { id: string; count: string }[] = ids.length
      ? await this.dataSource.query(
          `SELECT v.id, count(c.id) AS count FROM unnest($1::uuid[]) AS v(id)
             LEFT JOIN conflict c ON c.consultation_id = v.id OR c.other_id = v.id GROUP BY v.id`,
          [ids],
        )
      : [];
    return new Map(rows.map((r) => [r.id, Number(r.count)]));
  }
}

/** A finding as a conflict row: a pair is stored once, from the side with the smaller id. */
function conflictRow(consultationId: string, f: Finding) {
  const flipped = f.otherId !== null && f.otherId < consultationId;
  return {
    kind: f.kind,
    severity: f.severity,
    consultation_id: flipped ? f.otherId : consultationId,
    other_id: flipped ? consultationId : f.otherId,
    blackout_id: f.blackoutId,
    related_ids: f.relatedIds,
    shared_area_ids: f.sharedAreaIds,
    shared_audience_ids: f.sharedAudienceIds,
    shared_channels: f.sharedChannels,
    shared_topics: f.sharedTopics,
    overlap_start: f.overlapStart,
    overlap_end: f.overlapEnd,
    explanation: flipped ? f.otherExplanation : f.explanation,
    other_explanation: flipped ? f.explanation : f.otherExplanation,
    substance: [f.kind, f.overlapStart, f.overlapEnd, f.sharedAreaIds.join(','), f.sharedAudienceIds.join(',')].join('|'),
  };
}

function isRegistered(c: ConsultationEntity): boolean {
  return REGISTERED_STATUSES.includes(c.status);
}

export function subjectOf(c: ConsultationEntity): Subject {
  return {
    id: c.id,
    organisationId: c.organisationId,
    title: c.title,
    summary: c.summary,
    startDate: c.startDate,
    endDate: c.endDate,
    channels: c.channels,
    topics: c.topics,
    areaBlockIds: c.areaBlockIds,
    areaLineageIds: c.areaLineageIds,
    audienceIds: c.audienceIds,
    audienceLineageIds: c.audienceLineageIds,
    status: c.status,
    protection: c.protectedDaysBefore === null ? null : { daysBefore: c.protectedDaysBefore, daysAfter: c.protectedDaysAfter! },
  };
}

export function toView(row: Record<string, any>): ConflictView {
  const { acknowledged_note, acknowledged_by, acknowledged_at, ...view } = row;
  return { ...view, acknowledgement: acknowledged_at ? { note: acknowledged_note, byId: acknowledged_by, at: acknowledged_at } : null } as ConflictView;
}
