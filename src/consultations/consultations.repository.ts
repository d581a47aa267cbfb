import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, EntityManager, Repository, SelectQueryBuilder } from 'typeorm';
import { CURSOR_KEY, decodeCursor, encodeCursor, Page } from '../common/graphql/pagination';
import { escapeLike } from '../common/database/escape-like';
import { OrganisationEntity } from '../organisations/organisation.entity';
import { ConsultationEntity, ConsultationStatus } from './consultation.entity';

// A filter with codes already resolved to the arrays the indexes compare.
export interface ResolvedFilter {
  from?: string;
  to?: string;
  area?: { blockIds: string[]; lineageIds: string[] };
  audience?: { ids: string[]; lineageIds: string[] };
  organisationIds?: string[];
  statuses?: ConsultationStatus[];
  text?: string;
  /** CLOSED before `closedBefore` (its response overdue), or, with `overdue` false, anything else. */
  responseOverdue?: { closedBefore: string; overdue: boolean };
  /** Only those their organisation has made public (the forward look). */
  publicOnly?: boolean;
}

export type ConsultationReach = Pick<ConsultationEntity, 'id' | 'startDate' | 'endDate' | 'areaBlockIds' | 'areaLineageIds' | 'audienceIds' | 'audienceLineageIds'>;

@Injectable()
export class ConsultationsRepository {
  constructor(@InjectRepository(ConsultationEntity) private readonly consultations: Repository<ConsultationEntity>) {}

  /** A consultation as the caller's organisation may see it: another organisation's draft does not exist for them, unless a partner's. */
  findVisible(id: string, viewerOrganisationId: string, manager?: EntityManager, lock = false): Promise<ConsultationEntity | null> {
    const query = (manager ? manager.getRepository(ConsultationEntity) : this.consultations)
      .createQueryBuilder('c')
      .where('c.id = :id', { id })
      .andWhere(visibleTo(viewerOrganisationId));
    if (lock) query.setLock('pessimistic_write');
    return query.getOne();
  }

  /** The consultations of these ids that the viewer's organisation may see (relation fields). */
  findVisibleByIds(ids: readonly string[], viewerOrganisationId: string): Promise<ConsultationEntity[]> {
    return this.consultations.createQueryBuilder('c').where('c.id = ANY(:ids)', { ids }).andWhere(visibleTo(viewerOrganisationId)).getMany();
  }

  async page(filter: ResolvedFilter, viewerOrganisationId: string, first: number, after?: string): Promise<Page<ConsultationEntity>> {
    const base = this.filtered(filter, viewerOrganisationId);
    // Counted only when asked for: at a million rows the count costs more than the page. Filters
    // by organisation and status alone are answered from the tally the triggers keep.
    const totalCount = () => (onlyTallied(filter) ? this.tallied(filter, viewerOrganisationId) : base.clone().getCount());
    const rows = base
      .clone()
      .leftJoinAndMapOne('c.organisation', OrganisationEntity, 'o', 'o.id = c.organisation_id')
      .orderBy('c.start_date', 'ASC')
      .addOrderBy('c.id', 'ASC')
      .limit(first + 1); // not take(): the join is one-to-one, so no two-query DISTINCT dance
    if (after) {
      const [startDate, id] = decodeCursor(after, [CURSOR_KEY.date, CURSOR_KEY.uuid]);
      rows.andWhere('(c.start_date, c.id) > (:afterStart::date, :afterId::uuid)', { afterStart: startDate, afterId: id });
    }
    const found = await rows.getMany();
    const nodes = found.slice(0, first);
    const last = nodes.at(-1);
    return { nodes, hasNextPage: found.length > first, endCursor: last ? consultationCursor(last) : null, totalCount };
  }

  private async tallied(filter: ResolvedFilter, viewerOrganisationId: string): Promise<number> {
    // The tally holds the network's and the viewer's own; drafts it sees as a partner are counted beside it.
    const [{ total }] = await this.consultations.query(
      `SELECT (SELECT coalesce(sum(n), 0)::int FROM consultation_tally
                WHERE (status <> 'DRAFT' OR organisation_id = $1)
                  AND ($2::uuid[] IS NULL OR organisation_id = ANY($2)) AND ($3::text[] IS NULL OR status = ANY($3)))
            + (SELECT count(*)::int FROM consultation c
                WHERE c.id IN (${joinedBy('$1')}) AND c.status = 'DRAFT' AND c.organisation_id <> $1
                  AND ($2::uuid[] IS NULL OR c.organisation_id = ANY($2)) AND ($3::text[] IS NULL OR c.status = ANY($3))) AS total`,
      [viewerOrganisationId, filter.organisationIds ?? null, filter.statuses ?? null],
    );
    return total;
  }

  /**
   * What the load calendar counts: each consultation's id, dates and reach, by start date, without
   * the rest of its row. A county's year at 1M is some 7,000 consultations; read whole, their
   * titles, summaries and timestamps cost more to send, parse and hydrate than the counting.
   */
  reaches(filter: ResolvedFilter, viewerOrganisationId: string, limit: number): Promise<ConsultationReach[]> {
    return this.filtered(filter, viewerOrganisationId)
      .select('c.id', 'id')
      .addSelect('c.start_date', 'startDate')
      .addSelect('c.end_date', 'endDate')
      .addSelect('c.area_block_ids', 'areaBlockIds')
      .addSelect('c.area_lineage_ids', 'areaLineageIds')
      .addSelect('c.audience_ids', 'audienceIds')
      .addSelect('c.audience_lineage_ids', 'audienceLineageIds')
      .orderBy('c.start_date', 'ASC')
      .addOrderBy('c.id', 'ASC')
      .limit(limit)
      .getRawMany<ConsultationReach>();
  }

  all(filter: ResolvedFilter, viewerOrganisationId: string, limit: number): Promise<ConsultationEntity[]> {
    return this.filtered(filter, viewerOrganisationId).orderBy('c.start_date', 'ASC').addOrderBy('c.id', 'ASC').take(limit).getMany();
  }

  private filtered(filter: ResolvedFilter, viewerOrganisationId: string): SelectQueryBuilder<ConsultationEntity> {
    const query = this.consultations.createQueryBuilder('c').where(visibleTo(viewerOrganisationId));
    applyFilter(query, filter);
    return query;
  }
}

export function consultationCursor(c: { startDate: string; id: string }): string {
  return encodeCursor([c.startDate, c.id]);
}

/** The consultations an organisation (`viewer`, a SQL expression) has joined as an accepted partner. */
const joinedBy = (viewer: string) => `SELECT j.consultation_id FROM join_request j WHERE j.organisation_id = ${viewer} AND j.status = 'ACCEPTED'`;

/**
 * Who may see a consultation (`c`): the whole network once it is registered; while it is a DRAFT,
 * its own organisation and the partners it has accepted (join requests). Every read goes through it.
 */
const visibleSql = (c: string, viewer: string) => `(${c}.status <> 'DRAFT' OR ${c}.organisation_id = ${viewer} OR ${c}.id IN (${joinedBy(viewer)}))`;

function visibleTo(organisationId: string): Brackets {
  return new Brackets((w) => w.where(visibleSql('c', ':viewerOrg'), { viewerOrg: organisationId }));
}

function onlyTallied(filter: ResolvedFilter): boolean {
  return Object.entries(filter).every(([key, value]) => value === undefined || key === 'organisationIds' || key === 'statuses');
}

function applyFilter(query: SelectQueryBuilder<ConsultationEntity>, filter: ResolvedFilter): void {
  if (filter.from) query.andWhere('c.end_date >= :from', { from: filter.from });
  if (filter.to) query.andWhere('c.start_date <= :to', { to: filter.to });
  if (filter.area) {
    // Shares territory: a block of one side lies in the lineage of the other (see territory.rules.ts).
    query.andWhere('(c.area_block_ids && :areaLineage::uuid[] OR c.area_lineage_ids && :areaBlocks::uuid[])', {
      areaLineage: filter.area.lineageIds,
      areaBlocks: filter.area.blockIds,
    });
  }
  if (filter.audience) {
    query.andWhere('(c.audience_ids && :audienceLineage::uuid[] OR c.audience_lineage_ids && :audienceIds::uuid[])', {
      audienceLineage: filter.audience.lineageIds,
      audienceIds: filter.audience.ids,
    });
  }
  if (filter.organisationIds) query.andWhere('c.organisation_id = ANY(:orgIds::uuid[])', { orgIds: filter.organisationIds });
  if (filter.statuses) query.andWhere('c.status = ANY(:statuses::text[])', { statuses: filter.statuses });
  if (filter.publicOnly) query.andWhere('c.public');
  if (filter.responseOverdue) {
    const overdue = `(c.status = 'CLOSED' AND c.end_date < :closedBefore::date)`;
    query.andWhere(filter.responseOverdue.overdue ? overdue : `NOT ${overdue}`, { closedBefore: filter.responseOverdue.closedBefore });
  }
  if (filter.text) {
    query.andWhere(
      new Brackets((w) =>
        w.where(`c.search @@ websearch_to_tsquery('english', :text)`, { text: filter.text }).orWhere('c.title ILIKE :like', { like: `%${escapeLike(filter.text!)}%` }),
      ),
    );
  }
}
