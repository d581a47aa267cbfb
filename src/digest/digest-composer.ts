import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AreasService } from '../areas/areas.service';
import { AudiencesService } from '../audiences/audiences.service';
import { areaNamesSql, audienceNamesSql } from '../common/database/name-lists.sql';
import { addDays } from '../common/dates/calendar-date';
import { IsoWeek, startOfDayInLondon } from '../common/dates/iso-week';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.token';
import { ClashWithOther, FindingsExplainer } from '../findings/findings-explainer';
import { DUE_SOON_DAYS, overdueIfClosedBefore, responseDueDate } from '../findings/findings.rules';
import { FindingsService } from '../findings/findings.service';
import type { MemberRole } from '../members/member.entity';
import { ReviewReads } from '../reviews/review-reads';
import {
  clashesOf, DigestChange, DigestConflictRow, DigestConsultation, DigestContent, DigestHotSpot, DigestJoinRequest, DigestResponseDue, DigestReview,
  MAX_CHANGES, MAX_HOT_SPOTS, MAX_JOIN_REQUESTS, MAX_MILESTONES, MAX_RESPONSES_DUE, MAX_REVIEWS, MILESTONE_DAYS, milestonesOf,
} from './digest.content';

/** The member a digest is for, with their preferences. */
export interface DigestRecipient {
  id: string;
  name: string;
  email: string;
  organisationId: string;
  organisationName: string;
  role: MemberRole;
  digestAreaIds: string[];
  digestAudienceIds: string[];
}

interface Interest {
  sql: string;
  params: unknown[];
  narrowed: boolean;
}

// A consultation as the digest lists it, with area and audience names in a stable order.
const CONSULTATION_COLUMNS = `
  c.id, c.title, o.name AS organisation, c.start_date::text AS "startDate", c.end_date::text AS "endDate",
  ${areaNamesSql('c.area_ids')} AS areas, ${audienceNamesSql('c.audience_ids')} AS audiences`;

/** A conflict row with what it shares, which a findings sentence names. */
type ConflictRowWithShares = DigestConflictRow & Pick<ClashWithOther, 'sharedAreaIds' | 'sharedAudienceIds' | 'sharedTopics'>;

/** Reads what one member's digest for one week says. Never writes. */
@Injectable()
export class DigestComposer {
  // Hot spots are the same for everyone in a week: worked out once a minute, not per member.
  private hotSpotCache = new Map<string, { at: number; value: Promise<DigestHotSpot[]> }>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly areas: AreasService,
    private readonly audiences: AudiencesService,
    private readonly findings: FindingsService,
    private readonly explainer: FindingsExplainer,
    private readonly reviewReads: ReviewReads,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async compose(member: DigestRecipient, week: IsoWeek): Promise<DigestContent> {
    const interest = await this.interestOf(member);
    const since = await this.lastDigestSentAt(member.id, week);
    const [changes, conflictRows, upcoming, hotSpots, responsesDue, joinRequests, reviews] = await Promise.all([
      this.changes(interest, since),
      this.conflictRows(member.organisationId, since).then((rows) => this.namingFindings(rows)),
      this.upcoming(interest, week),
      this.hotSpots(week),
      this.responsesDue(member.organisationId, week),
      this.joinRequests(member.organisationId, since),
      member.role === 'COORDINATOR' ? this.reviews() : [],
    ]);
    const milestones = milestonesOf(upcoming.list, week.start, addDays(week.start, MILESTONE_DAYS - 1)).slice(0, MAX_MILESTONES);
    return {
      week,
      member: { id: member.id, name: member.name, email: member.email, organisation: member.organisationName, narrowed: interest.narrowed },
      changes: changes.list,
      moreChanges: changes.total - changes.list.length,
      ...clashesOf(conflictRows),
      milestones,
      moreMilestones: upcoming.events - milestones.length,
      hotSpots,
      responsesDue,
      joinRequests,
      reviews,
    };
  }

  // The network review queue, for coordinators (the same for each of them).
  private async reviews(): Promise<DigestReview[]> {
    const queue = (await this.reviewReads.queue()).slice(0, MAX_REVIEWS);
    if (!queue.length) return [];
    const names: { id: string; name: string }[] = await this.dataSource.query(`SELECT id, name FROM organisation WHERE id = ANY($1::uuid[])`, [queue.map((r) => r.organisationId)]);
    const organisation = new Map(names.map((o) => [o.id, o.name]));
    return queue.map((r) => ({
      consultationId: r.consultationId,
      title: r.title,
      organisation: organisation.get(r.organisationId) ?? '',
      startDate: r.startDate,
      changesRequested: r.status === 'CHANGES_REQUESTED',
      reasons: r.reasons.map((reason) => reason.explanation),
    }));
  }

  // Requests to join the organisation's consultations still waiting for its answer (every member of it is told),
  // then those ended since the last digest as the other side sees them: withdrawn requests and partners
  // who left, to the owner; a part ended by the owner, to the partner.
  private joinRequests(organisationId: string, since: Date): Promise<DigestJoinRequest[]> {
    return this.dataSource.query(
      `SELECT r.id, c.id AS "consultationId", c.title, o.name AS asking, owner.name AS owner, r.note, r.requested_at AS "requestedAt", r.status, r.end_note AS "endNote"
         FROM join_request r JOIN consultation c ON c.id = r.consultation_id JOIN organisation o ON o.id = r.organisation_id JOIN organisation owner ON owner.id = c.organisation_id
        WHERE (c.organisation_id = $1 AND r.status = 'PENDING')
           OR (r.ended_at >= $2 AND (c.organisation_id = $1 AND r.status IN ('WITHDRAWN', 'LEFT') OR r.organisation_id = $1 AND r.status = 'REMOVED'))
        ORDER BY r.status <> 'PENDING', coalesce(r.ended_at, r.requested_at), r.id
        LIMIT ${MAX_JOIN_REQUESTS}`,
      [organisationId, since],
    );
  }

  // The organisation's own closed consultations whose response is overdue or due within
  // DUE_SOON_DAYS of the digest's Monday (every member of it is told, whatever their interests).
  private async responsesDue(organisationId: string, week: IsoWeek): Promise<DigestResponseDue[]> {
    const weeks = this.config.findings.responseDueWeeks;
    const rows: DigestConsultation[] = await this.dataSource.query(
      `SELECT ${CONSULTATION_COLUMNS}
         FROM consultation c JOIN organisation o ON o.id = c.organisation_id
        WHERE c.organisation_id = $1 AND c.status = 'CLOSED' AND c.end_date < $2::date
        ORDER BY c.end_date, c.title, c.id
        LIMIT ${MAX_RESPONSES_DUE}`,
      [organisationId, overdueIfClosedBefore(addDays(week.start, DUE_SOON_DAYS + 1), weeks)],
    );
    return rows.map((c) => {
      const dueDate = responseDueDate(c.endDate, weeks);
      return { ...c, dueDate, overdue: dueDate < week.start };
    });
  }

  // "Since the last digest": the last one sent to this member for an earlier week, else a week before this one.
  private async lastDigestSentAt(memberId: string, week: IsoWeek): Promise<Date> {
    const [row] = await this.dataSource.query(
      `SELECT max(sent_at) AS at FROM digest_delivery WHERE member_id = $1 AND status = 'SENT' AND week < $2`,
      [memberId, week.id],
    );
    return row?.at ?? startOfDayInLondon(addDays(week.start, -7));
  }

  // The member's areas and audiences of interest, compared through the hierarchies as the register filter does.
  private async interestOf(member: DigestRecipient): Promise<Interest> {
    const parts: string[] = [];
    const params: unknown[] = [];
    if (member.digestAreaIds.length) {
      const selection = await this.areas.selectionOfIds(member.digestAreaIds);
      params.push(selection.lineageIds, selection.blockIds);
      parts.push(`(c.area_block_ids && $${params.length - 1}::uuid[] OR c.area_lineage_ids && $${params.length}::uuid[])`);
    }
    if (member.digestAudienceIds.length) {
      const selection = await this.audiences.selectionOfIds(member.digestAudienceIds);
      params.push(selection.lineageIds, selection.audiences.map((a) => a.id));
      parts.push(`(c.audience_ids && $${params.length - 1}::uuid[] OR c.audience_lineage_ids && $${params.length}::uuid[])`);
    }
    return { sql: parts.length ? parts.join(' AND ') : 'true', params, narrowed: parts.length > 0 };
  }

  // Drafts are private and cancelled plans are not news to plan around, so neither is listed.
  // Everything changed since, with no upper bound: updated_at is the database's clock, which the
  // service's (a test's) need not match.
  private async changes(interest: Interest, since: Date): Promise<{ list: DigestChange[]; total: number }> {
    const offset = interest.params.length;
    const rows: (DigestConsultation & { isNew: boolean; total: string })[] = await this.dataSource.query(
      `SELECT ${CONSULTATION_COLUMNS}, c.created_at > $${offset + 1} AS "isNew", count(*) OVER () AS total
         FROM consultation c JOIN organisation o ON o.id = c.organisation_id
        WHERE c.status IN ('PLANNED','LIVE','CLOSED','REPORTED') AND c.updated_at > $${offset + 1}
          AND ${interest.sql}
        ORDER BY c.start_date, c.title, c.id
        LIMIT ${MAX_CHANGES}`,
      [...interest.params, since],
    );
    return {
      list: rows.map(({ isNew, total: _total, ...c }) => ({ ...c, change: isNew ? 'NEW' : 'UPDATED' })),
      total: Number(rows[0]?.total ?? 0),
    };
  }

  // Only the consultations behind the first MAX_MILESTONES events are fetched, with the count of all.
  private async upcoming(interest: Interest, week: IsoWeek): Promise<{ list: DigestConsultation[]; events: number }> {
    const from = `$${interest.params.length + 1}::date`;
    const to = `$${interest.params.length + 2}::date`;
    const rows: (DigestConsultation & { events: string })[] = await this.dataSource.query(
      `SELECT ${CONSULTATION_COLUMNS},
              sum((c.start_date BETWEEN ${from} AND ${to})::int + (c.end_date BETWEEN ${from} AND ${to})::int) OVER () AS events
         FROM consultation c JOIN organisation o ON o.id = c.organisation_id
        WHERE c.status IN ('PLANNED','LIVE')
          AND (c.start_date BETWEEN ${from} AND ${to} OR c.end_date BETWEEN ${from} AND ${to})
          AND ${interest.sql}
        ORDER BY least(CASE WHEN c.start_date >= ${from} THEN c.start_date END, c.end_date), c.title, c.id
        LIMIT ${MAX_MILESTONES}`,
      [...interest.params, week.start, addDays(week.start, MILESTONE_DAYS - 1)],
    );
    return { list: rows.map(({ events: _events, ...c }) => c), events: Number(rows[0]?.events ?? 0) };
  }

  // The open HIGH and MEDIUM conflicts of the organisation's planned and live consultations, with
  // whom to contact and whether each is new or changed since `since`. A conflict between two of
  // its own plans is told once, from the row's own side. LOW ones are context, never in a digest.
  private conflictRows(organisationId: string, since: Date): Promise<ConflictRowWithShares[]> {
    return this.dataSource.query(
      `SELECT c.id, c.kind, c.severity, c.overlap_start::text AS "overlapStart", NULL AS acknowledgement,
              CASE WHEN c.consultation_id = k.id THEN c.explanation ELSE c.other_explanation END AS explanation,
              c.shared_area_ids AS "sharedAreaIds", c.shared_audience_ids AS "sharedAudienceIds", c.shared_topics AS "sharedTopics",
              c.created_at > $2 AS "isNew", c.updated_at > $2 AS "isChanged",
              k.id AS "consultationId", k.title AS "ownTitle",
              x.id AS "otherId", x.title AS "otherTitle", xo.name AS "otherOrganisation",
              lead.name AS "contactName", lead.email AS "contactEmail"
         FROM consultation k
         JOIN conflict c ON c.consultation_id = k.id OR c.other_id = k.id
         LEFT JOIN consultation x ON x.id = CASE WHEN c.consultation_id = k.id THEN c.other_id ELSE c.consultation_id END
         LEFT JOIN organisation xo ON xo.id = x.organisation_id
         LEFT JOIN member lead ON lead.id = x.lead_officer_id AND lead.active
        WHERE k.organisation_id = $1 AND k.status IN ('PLANNED','LIVE') AND c.acknowledged_at IS NULL AND c.severity IN ('HIGH','MEDIUM')
          AND (c.consultation_id = k.id OR x.organisation_id <> $1 OR x.status NOT IN ('PLANNED','LIVE'))
        ORDER BY array_position(ARRAY['HIGH','MEDIUM'], c.severity), c.overlap_start NULLS LAST, k.start_date, c.id`,
      [organisationId, since],
    );
  }

  // A DUPLICATE of a consultation with findings names them, as the API's explanation does: one more query, only when there is one.
  private async namingFindings(rows: ConflictRowWithShares[]): Promise<DigestConflictRow[]> {
    const others = [...new Set(rows.filter((r) => r.kind === 'DUPLICATE' && r.otherId).map((r) => r.otherId!))];
    if (!others.length) return rows;
    const found = await this.findings.forConsultations(others);
    for (const row of rows) row.explanation = await this.explainer.explain(row, row.otherId ? found.get(row.otherId) : null);
    return rows;
  }

  private hotSpots(week: IsoWeek): Promise<DigestHotSpot[]> {
    const cached = this.hotSpotCache.get(week.id);
    if (cached && Date.now() - cached.at < 60_000) return cached.value;
    const value = this.dataSource
      .query(
        `SELECT a.name AS area, u.name AS audience, count(*)::int AS count, array_agg(c.title ORDER BY c.start_date, c.title) AS titles
           FROM consultation c
           CROSS JOIN LATERAL unnest(c.area_ids) AS ai(id)
           CROSS JOIN LATERAL unnest(c.audience_ids) AS ui(id)
           JOIN area a ON a.id = ai.id
           JOIN audience u ON u.id = ui.id
          WHERE c.status IN ('PLANNED','LIVE') AND c.period && daterange($1::date, $2::date, '[]')
          GROUP BY a.name, u.name
         HAVING count(*) >= 2
          ORDER BY count(*) DESC, a.name, u.name
          LIMIT ${MAX_HOT_SPOTS}`,
        [week.start, week.end],
      )
      .catch((error: unknown) => {
        this.hotSpotCache.delete(week.id);
        throw error;
      });
    this.hotSpotCache.set(week.id, { at: Date.now(), value });
    return value;
  }
}
