import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CURSOR_KEY, decodeCursor, encodeCursor, Page } from '../common/graphql/pagination';
import { ConsultationStatus } from '../consultations/consultation.entity';
import { ConflictKind, Severity } from './clash-rules';
import { ConflictView, ORDER_KEYS, toView, VIEW_COLUMNS } from './conflict-store';

export interface ConflictListFilter {
  organisationIds?: string[];
  severities?: Severity[];
  kinds?: ConflictKind[];
  acknowledged?: boolean;
  from?: string;
  to?: string;
  statuses?: ConsultationStatus[];
}

// Each conflict row once, told from side k: with organisations asked about, from theirs (the
// row's own side when both are theirs), reached through their consultations and the conflict
// indexes; otherwise from the row's own side. The filter's dates and statuses are k's.
const OF_ORGANISATIONS = `
  FROM consultation k
  JOIN conflict c ON c.consultation_id = k.id OR c.other_id = k.id
  LEFT JOIN consultation a ON a.id = c.consultation_id AND c.other_id = k.id
 WHERE k.organisation_id = ANY($1::uuid[]) AND (a.id IS NULL OR NOT a.organisation_id = ANY($1::uuid[]))`;
const OF_NETWORK = `
  FROM conflict c
  JOIN consultation k ON k.id = c.consultation_id
 WHERE $1::uuid[] IS NULL`;
const NARROWED = `
   AND ($2::text[] IS NULL OR c.severity = ANY($2))
   AND ($3::text[] IS NULL OR c.kind = ANY($3))
   AND ($4::boolean IS NULL OR (c.acknowledged_at IS NOT NULL) = $4)
   AND k.period && daterange($5::date, $6::date, '[]')
   AND ($7::text[] IS NULL OR k.status = ANY($7))`;

const pageSql = (from: string) => `
SELECT ${VIEW_COLUMNS.replace(/\$1/g, 'k.id')}, ${ORDER_KEYS.map((key, i) => `${key} AS sort_${i}`).join(', ')}
${from}${NARROWED}
   AND ($8::int IS NULL OR (${ORDER_KEYS.join(', ')}) > ($8::int, $9::date, $10::int, $11::uuid))
 ORDER BY ${ORDER_KEYS.join(', ')}
 LIMIT $12`;
const countSql = (from: string) => `SELECT count(*)::int AS count ${from}${NARROWED}`;
const SQL = {
  organisations: { page: pageSql(OF_ORGANISATIONS), count: countSql(OF_ORGANISATIONS) },
  network: { page: pageSql(OF_NETWORK), count: countSql(OF_NETWORK) },
};

/** The network's kept conflicts, filtered and a page at a time (the `conflicts` query). */
@Injectable()
export class ConflictList {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async page(filter: ConflictListFilter, first: number, after?: string): Promise<Page<{ view: ConflictView; cursor: string }>> {
    const params = [filter.organisationIds ?? null, filter.severities ?? null, filter.kinds ?? null, filter.acknowledged ?? null, filter.from ?? null, filter.to ?? null, filter.statuses ?? null];
    const cursor = after ? decodeCursor(after, [CURSOR_KEY.integer, CURSOR_KEY.dateOrInfinity, CURSOR_KEY.integer, CURSOR_KEY.uuid]) : [null, null, null, null];
    const sql = filter.organisationIds ? SQL.organisations : SQL.network;
    const rows: Record<string, any>[] = await this.dataSource.query(sql.page, [...params, ...cursor, first + 1]);
    const nodes = rows.slice(0, first).map(({ sort_0, sort_1, sort_2, sort_3, ...row }) => ({ view: toView(row), cursor: encodeCursor([sort_0, sort_1, sort_2, sort_3].map(String)) }));
    return {
      nodes,
      hasNextPage: rows.length > first,
      endCursor: nodes.at(-1)?.cursor ?? null,
      totalCount: async () => (await this.dataSource.query(sql.count, params))[0].count,
    };
  }
}
