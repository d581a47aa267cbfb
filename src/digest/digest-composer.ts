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
type ConflictRowWithShares = Omit<DigestConflictRow, 'isNew' | 'isChanged'> & Pick<ClashWithOther, 'sharedAreaIds' | 'sharedAudienceIds' | 'sharedTopics'>;

/** A conflict row as all members of its organisation share it, with its times in microseconds. */
type SharedConflictRow = ConflictRowWithShares & { organisationId: string; createdUs: number; updatedUs: number };

/** A timestamp in whole microseconds since 1970, exact (PostgreSQL keeps microseconds; a JavaScript Date only milliseconds). */
const MICROS = (column: string) => `(extract(epoch FROM ${column}) * 1000000)::bigint`;

/** A Date as the microseconds PostgreSQL compares it as, for the same answer as `column > $since` in SQL. */
const microsOf = (date: Date) => date.getTime() * 1000;

const WEEK_MS = 7 * 24 * 3600 * 1000;

const earliest = (dates: Date[]) => new Date(Math.min(...dates.map((d) => d.getTime())));

/** Members with the same areas and audiences of interest read the same changes and launches. */
const interestKey = (m: DigestRecipient) => `${[...m.digestAreaIds].sort().join(',')}|${[...m.digestAudienceIds].sort().join(',')}`;

/**
 * A member's part of what several share: `pick` picks it out for one member's last digest, `key`
 * names what was picked (equal keys, equal parts), and `make` builds the part once per key, so that
 * members with the same part hold the same object (and the renderer renders it once).
 */
function sameFor<P, R>(pick: (since: number) => P, key: (picked: P, since: number) => string, make: (picked: P, since: number) => R): (since: number) => R {
  const made = new Map<string, R>();
  return (since) => {
    const picked = pick(since);
    const k = key(picked, since);
    if (!made.has(k)) made.set(k, make(picked, since));
    return made.get(k)!;
  };
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}

/** Reads what members' digests for a week say, one at a time or several together. Never writes. */
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

  compose(member: DigestRecipient, week: IsoWeek): Promise<DigestContent> {
    return this.composeAll([member], week).then(([content]) => content);
  }

  /**
   * Several members' digests at once, each as compose() would make it alone. What they share is
   * read once: an organisation's clashes, responses and join requests for all its members, the
   * changes and launches for all who follow the same areas and audiences. What is new to each
   * (since their own last digest) is then picked out for each, from the rows' exact times.
   */
  async composeAll(members: DigestRecipient[], week: IsoWeek): Promise<DigestContent[]> {
    if (!members.length) return [];
    const sinces = await this.lastDigestsSentAt(members.map((m) => m.id), week);
    const sinceOf = (m: DigestRecipient) => sinces.get(m.id)!;
    // Members whose last digests went weeks apart are not read together: the earlier would fetch every change since.
    const readTogether = (m: DigestRecipient) => `${interestKey(m)} ${Math.floor(sinceOf(m).getTime() / WEEK_MS)}`;
    const byInterest = groupBy(members, readTogether);
    const [organisations, interests, hotSpots, reviews] = await Promise.all([
      this.organisationReads([...new Set(members.map((m) => m.organisationId))], week, earliest(members.map(sinceOf))),
      Promise.all([...byInterest.values()].map((group) => this.interestReads(group[0], week, group.map(sinceOf)))),
      this.hotSpots(week),
      members.some((m) => m.role === 'COORDINATOR') ? this.reviews() : [],
    ]);
    const interestOfKey = new Map([...byInterest.keys()].map((key, i) => [key, interests[i]]));
    return members.map((member) => {
      const since = microsOf(sinceOf(member));
      const { interest, changes, milestones, moreMilestones } = interestOfKey.get(readTogether(member))!;
      const organisation = organisations.get(member.organisationId)!;
      return {
        week,
        member: { id: member.id, name: member.name, email: member.email, organisation: member.organisationName, narrowed: interest.narrowed },
        ...changes(since),
        ...organisation.clashes(since),
        milestones,
        moreMilestones,
        hotSpots,
        responsesDue: organisation.responsesDue,
        joinRequests: organisation.joinRequests(since),
        reviews,
      };
    });
  }

  // What members of the same interests share: the interest itself, the launches and closes ahead,
  // and everything changed since the earliest of their last digests (their own cut is made later).
  private async interestReads(member: DigestRecipient, week: IsoWeek, sinces: Date[]) {
    const interest = await this.interestOf(member);
    const [upcoming, rows] = await Promise.all([this.upcoming(interest, week), this.changes(interest, earliest(sinces))]);
    const milestones = milestonesOf(upcoming.list, week.start, addDays(week.start, MILESTONE_DAYS - 1)).slice(0, MAX_MILESTONES);
    // What changed since a member's last digest, and which of it is new: the same lists for members whose cut is the same.
    const changes = sameFor(
      (since: number) => rows.filter((c) => c.updatedUs > since),
      (changed, since) => `${changed.length} ${changed.slice(0, MAX_CHANGES).map((c) => +(c.createdUs > since)).join('')}`,
      (changed, since) => ({
        changes: changed.slice(0, MAX_CHANGES).map(({ createdUs, updatedUs: _u, ...c }): DigestChange => ({ ...c, change: createdUs > since ? 'NEW' : 'UPDATED' })),
        moreChanges: changed.length - Math.min(changed.length, MAX_CHANGES),
      }),
    );
    return { interest, changes, milestones, moreMilestones: upcoming.events - milestones.length };
  }

  // What every member of an organisation shares, for several organisations in three queries.
  private async organisationReads(organisationIds: string[], week: IsoWeek, since: Date) {
    const [conflictRows, responsesDue, joinRequests] = await Promise.all([
      this.conflictRows(organisationIds).then((rows) => this.namingFindings(rows)),
      this.responsesDue(organisationIds, week),
      this.joinRequests(organisationIds, since),
    ]);
    const of = <T extends { organisationId: string }>(rows: T[], id: string) => rows.filter((r) => r.organisationId === id).map(({ organisationId: _o, ...r }) => r);
    return new Map(
      organisationIds.map((id) => {
        const conflicts = of(conflictRows, id);
        const requests = of(joinRequests, id);
        return [
          id,
          {
            responsesDue: of(responsesDue, id),
            // Which clashes are new or changed to a member, and which ended requests: the same lists for members whose cut is the same.
            clashes: sameFor(
              (since: number) => conflicts.map(({ createdUs, updatedUs, ...row }) => ({ ...row, isNew: createdUs > since, isChanged: updatedUs > since })),
              (rows) => rows.map((r) => +r.isNew * 2 + +r.isChanged).join(''),
              (rows) => clashesOf(rows),
            ),
            joinRequests: sameFor(
              (since: number) => requests.filter((r) => r.status === 'PENDING' || (r.endedUs !== null && r.endedUs >= since)),
              (listed) => String(listed.length),
              (listed) => listed.slice(0, MAX_JOIN_REQUESTS).map(({ endedUs: _endedUs, ...r }): DigestJoinRequest => r),
            ),
          },
        ] as const;
      }),
    );
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
  // who left, to the owner; a part ended by the owner, to the partner. Ended since `since`, the earliest
  // last digest of those asking: each member's own cut (and the first MAX_JOIN_REQUESTS) is made by the caller.
  private joinRequests(organisationIds: string[], since: Date): Promise<(DigestJoinRequest & { organisationId: string; endedUs: number | null })[]> {
    return this.dataSource
      .query(
        `SELECT mine.id AS "organisationId", x.*
           FROM unnest($1::uuid[]) AS mine(id)
           CROSS JOIN LATERAL (
             SELECT r.id, c.id AS "consultationId", c.title, o.name AS asking, owner.name AS owner, r.note, r.requested_at AS "requestedAt", r.status, r.end_note AS "endNote",
                    ${MICROS('r.ended_at')} AS "endedUs"
               FROM join_request r JOIN consultation c ON c.id = r.consultation_id JOIN organisation o ON o.id = r.organisation_id JOIN organisation owner ON owner.id = c.organisation_id
              WHERE (c.organisation_id = mine.id AND r.status = 'PENDING')
                 OR (r.ended_at >= $2 AND (c.organisation_id = mine.id AND r.status IN ('WITHDRAWN', 'LEFT') OR r.organisation_id = mine.id AND r.status = 'REMOVED'))
              ORDER BY r.status <> 'PENDING', coalesce(r.ended_at, r.requested_at), r.id) x`,
        [organisationIds, since],
      )
      .then((rows: (DigestJoinRequest & { organisationId: string; endedUs: string | null })[]) => rows.map((r) => ({ ...r, endedUs: r.endedUs === null ? null : Number(r.endedUs) })));
  }

  // The organisation's own closed consultations whose response is overdue or due within
  // DUE_SOON_DAYS of the digest's Monday (every member of it is told, whatever their interests).
  private async responsesDue(organisationIds: string[], week: IsoWeek): Promise<(DigestResponseDue & { organisationId: string })[]> {
    const weeks = this.config.findings.responseDueWeeks;
    const rows: (DigestConsultation & { organisationId: string })[] = await this.dataSource.query(
      `SELECT mine.id AS "organisationId", x.*
         FROM unnest($1::uuid[]) AS mine(id)
         CROSS JOIN LATERAL (
           SELECT ${CONSULTATION_COLUMNS}
             FROM consultation c JOIN organisation o ON o.id = c.organisation_id
            WHERE c.organisation_id = mine.id AND c.status = 'CLOSED' AND c.end_date < $2::date
            ORDER BY c.end_date, c.title, c.id
            LIMIT ${MAX_RESPONSES_DUE}) x`,
      [organisationIds, overdueIfClosedBefore(addDays(week.start, DUE_SOON_DAYS + 1), weeks)],
    );
    return rows.map((c) => {
      const dueDate = responseDueDate(c.endDate, weeks);
      return { ...c, dueDate, overdue: dueDate < week.start };
    });
  }

  // "Since the last digest": the last one sent to each member for an earlier week, else a week before this one.
  private async lastDigestsSentAt(memberIds: string[], week: IsoWeek): Promise<Map<string, Date>> {
    const rows: { memberId: string; at: Date | null }[] = await this.dataSource.query(
      `SELECT member_id AS "memberId", max(sent_at) AS at FROM digest_delivery WHERE member_id = ANY($1::uuid[]) AND status = 'SENT' AND week < $2 GROUP BY member_id`,
      [memberIds, week.id],
    );
    const sent = new Map(rows.map((r) => [r.memberId, r.at]));
    const otherwise = startOfDayInLondon(addDays(week.start, -7));
    return new Map(memberIds.map((id) => [id, sent.get(id) ?? otherwise]));
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
  // service's (a test's) need not match. All of it, with the exact times: each member's own cut
  // (and the first MAX_CHANGES) is made by the caller.
  private async changes(interest: Interest, since: Date): Promise<(DigestConsultation & { createdUs: number; updatedUs: number })[]> {
    const offset = interest.params.length;
    const rows: (DigestConsultation & { createdUs: string; updatedUs: string })[] = await this.dataSource.query(
      `SELECT ${CONSULTATION_COLUMNS}, ${MICROS('c.created_at')} AS "createdUs", ${MICROS('c.updated_at')} AS "updatedUs"
         FROM consultation c JOIN organisation o ON o.id = c.organisation_id
        WHERE c.status IN ('PLANNED','LIVE','CLOSED','REPORTED') AND c.updated_at > $${offset + 1}
          AND ${interest.sql}
        ORDER BY c.start_date, c.title, c.id`,
      [...interest.params, since],
    );
    return rows.map((c) => ({ ...c, createdUs: Number(c.createdUs), updatedUs: Number(c.updatedUs) }));
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

  // The open HIGH and MEDIUM conflicts of the organisations' planned and live consultations, with
  // whom to contact and when each was raised and last changed (to tell what is new to a member).
  // A conflict between two of an organisation's own plans is told once, from the row's own side.
  // LOW ones are context, never in a digest.
  private conflictRows(organisationIds: string[]): Promise<SharedConflictRow[]> {
    return this.dataSource
      .query(
        `SELECT k.organisation_id AS "organisationId", c.id, c.kind, c.severity, c.overlap_start::text AS "overlapStart", NULL AS acknowledgement,
                CASE WHEN c.consultation_id = k.id THEN c.explanation ELSE c.other_explanation END AS explanation,
                c.shared_area_ids AS "sharedAreaIds", c.shared_audience_ids AS "sharedAudienceIds", c.shared_topics AS "sharedTopics",
                ${MICROS('c.created_at')} AS "createdUs", ${MICROS('c.updated_at')} AS "updatedUs",
                k.id AS "consultationId", k.title AS "ownTitle",
                x.id AS "otherId", x.title AS "otherTitle", xo.name AS "otherOrganisation",
                lead.name AS "contactName", lead.email AS "contactEmail"
           FROM consultation k
           JOIN conflict c ON c.consultation_id = k.id OR c.other_id = k.id
           LEFT JOIN consultation x ON x.id = CASE WHEN c.consultation_id = k.id THEN c.other_id ELSE c.consultation_id END
           LEFT JOIN organisation xo ON xo.id = x.organisation_id
           LEFT JOIN member lead ON lead.id = x.lead_officer_id AND lead.active
          WHERE k.organisation_id = ANY($1::uuid[]) AND k.status IN ('PLANNED','LIVE') AND c.acknowledged_at IS NULL AND c.severity IN ('HIGH','MEDIUM')
            AND (c.consultation_id = k.id OR x.organisation_id <> k.organisation_id OR x.status NOT IN ('PLANNED','LIVE'))
          ORDER BY array_position(ARRAY['HIGH','MEDIUM'], c.severity), c.overlap_start NULLS LAST, k.start_date, c.id`,
        [organisationIds],
      )
      .then((rows: (SharedConflictRow & { createdUs: string; updatedUs: string })[]) => rows.map((r) => ({ ...r, createdUs: Number(r.createdUs), updatedUs: Number(r.updatedUs) })));
  }

  // A DUPLICATE of a consultation with findings names them, as the API's explanation does: one more query, only when there is one.
  private async namingFindings<T extends ConflictRowWithShares>(rows: T[]): Promise<T[]> {
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
