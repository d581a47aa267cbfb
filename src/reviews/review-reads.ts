import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { CalendarDate } from '../common/dates/calendar-date';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.token';
import { ReviewDecision, ReviewFacts, ReviewReason, reviewReasons, ReviewStatus, reviewStatus } from './review.rules';

/** Where one plan stands in network review. */
export interface ConsultationReview {
  consultationId: string;
  title: string;
  organisationId: string;
  startDate: CalendarDate;
  status: ReviewStatus;
  reasons: ReviewReason[];
  /** The coordinator's latest decision, whether or not it still stands. */
  latest: ReviewDecision | null;
}

/** The most the queue lists: more plans than a network has waiting in a year. */
export const MAX_REVIEW_QUEUE = 200;

interface PlanRow extends Omit<ReviewFacts, 'highClashes'> {
  id: string;
  title: string;
  organisationId: string;
}

/**
 * Reads what network review needs: the plans the settings ask about, their facts (ALL_ASKED
 * audiences, unacknowledged HIGH clashes) and the coordinator's latest decisions. Never writes.
 */
@Injectable()
export class ReviewReads {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  get settings(): AppConfig['review'] {
    return this.config.review;
  }

  /** PLANNED consultations waiting for agreement (or with changes asked for), the soonest start first. */
  async queue(manager: EntityManager = this.dataSource.manager): Promise<ConsultationReview[]> {
    const { panelUse, unacknowledgedHigh } = this.settings;
    if (!panelUse && !unacknowledgedHigh) return [];
    const rows: { id: string }[] = await manager.query(
      `SELECT c.id FROM consultation c
        WHERE c.status = 'PLANNED'
          AND (($1 AND c.audience_lineage_ids && ARRAY(SELECT id FROM audience WHERE reach = 'ALL_ASKED'))
            OR ($2 AND c.id IN (SELECT consultation_id FROM conflict WHERE severity = 'HIGH' AND acknowledged_at IS NULL
                                UNION ALL SELECT other_id FROM conflict WHERE severity = 'HIGH' AND acknowledged_at IS NULL)))
        ORDER BY c.start_date, c.title, c.id`,
      [panelUse, unacknowledgedHigh],
    );
    const reviews = await this.of(rows.map((r) => r.id), manager);
    return [...reviews.values()].filter((r) => r.status === 'AWAITING' || r.status === 'CHANGES_REQUESTED').slice(0, MAX_REVIEW_QUEUE);
  }

  /** Where these consultations stand, in the order given (ids not found are left out). */
  async of(ids: readonly string[], manager: EntityManager = this.dataSource.manager): Promise<Map<string, ConsultationReview>> {
    if (!ids.length) return new Map();
    // One after another: inside a transaction the manager has one connection.
    const plans = await this.plans(manager, ids);
    const clashes = await this.highClashes(manager, ids);
    const decisions = await this.latestDecisions(manager, ids);
    const result = new Map<string, ConsultationReview>();
    for (const id of ids) {
      const plan = plans.get(id);
      if (!plan) continue;
      const reasons = reviewReasons(this.settings, { ...plan, highClashes: clashes.get(id) ?? [] });
      const latest = decisions.get(id) ?? null;
      result.set(id, { consultationId: id, title: plan.title, organisationId: plan.organisationId, startDate: plan.startDate, status: reviewStatus(reasons, plan.version, latest), reasons, latest });
    }
    return result;
  }

  private async plans(manager: EntityManager, ids: readonly string[]): Promise<Map<string, PlanRow>> {
    const rows: PlanRow[] = await manager.query(
      `SELECT c.id, c.title, c.organisation_id AS "organisationId", c.start_date::text AS "startDate", c.end_date::text AS "endDate", c.version,
              coalesce((SELECT json_agg(json_build_object('id', a.id, 'name', a.name) ORDER BY a.name, a.id)
                          FROM audience a WHERE a.reach = 'ALL_ASKED' AND a.id = ANY(c.audience_lineage_ids)), '[]') AS "allAsked"
         FROM consultation c WHERE c.id = ANY($1::uuid[])`,
      [ids],
    );
    return new Map(rows.map((r) => [r.id, r]));
  }

  // One entry per other consultation (or blackout period; FATIGUE's load on the people it asks has neither).
  private async highClashes(manager: EntityManager, ids: readonly string[]): Promise<Map<string, ReviewFacts['highClashes']>> {
    const rows: { id: string; key: string; name: string }[] = await manager.query(
      `SELECT DISTINCT k.id,
              coalesce(x.id::text, 'blackout:' || b.id, 'load') AS key,
              CASE WHEN x.id IS NOT NULL THEN format('with "%s" (%s)', x.title, o.name)
                   WHEN b.id IS NOT NULL THEN format('during the blackout period "%s"', b.name)
                   ELSE 'the load on the people it asks' END AS name
         FROM unnest($1::uuid[]) AS k(id)
         JOIN conflict c ON (c.consultation_id = k.id OR c.other_id = k.id) AND c.severity = 'HIGH' AND c.acknowledged_at IS NULL
         LEFT JOIN consultation x ON x.id = CASE WHEN c.consultation_id = k.id THEN c.other_id ELSE c.consultation_id END
         LEFT JOIN organisation o ON o.id = x.organisation_id
         LEFT JOIN blackout_period b ON b.id = c.blackout_id
        ORDER BY k.id, name, key`,
      [ids],
    );
    const result = new Map<string, ReviewFacts['highClashes']>();
    for (const { id, key, name } of rows) result.set(id, [...(result.get(id) ?? []), { key, name }]);
    return result;
  }

  private async latestDecisions(manager: EntityManager, ids: readonly string[]): Promise<Map<string, ReviewDecision>> {
    const rows: (ReviewDecision & { consultationId: string })[] = await manager.query(
      `SELECT DISTINCT ON (consultation_id) consultation_id AS "consultationId", agree, note, basis, consultation_version AS "consultationVersion",
              reviewed_at AS "reviewedAt", reviewed_by AS "reviewedById"
         FROM consultation_review WHERE consultation_id = ANY($1::uuid[])
        ORDER BY consultation_id, reviewed_at DESC, created_at DESC`,
      [ids],
    );
    return new Map(rows.map(({ consultationId, ...decision }) => [consultationId, decision]));
  }
}
