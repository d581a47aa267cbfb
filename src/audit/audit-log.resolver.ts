import { Args, Context, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Roles } from '../auth/auth.decorators';
import { Loaders, LOADERS } from '../common/graphql/loaders';
import { CURSOR_KEY, decodeCursor, encodeCursor, toConnection } from '../common/graphql/pagination';
import { MemberModel } from '../members/member.model';
import { AuditEntryConnection, AuditEntryModel, AuditLogArgs } from './audit-log.model';

interface AuditRow {
  id: string;
  at: Date;
  actor_id: string | null;
  actor_label: string;
  action: string;
  entity_type: string;
  entity_id: string;
  before: unknown;
  after: unknown;
}

@Resolver(() => AuditEntryModel)
export class AuditLogResolver {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @Roles('COORDINATOR')
  @Query(() => AuditEntryConnection, { description: 'Coordinators: every recorded change, newest first' })
  async auditLog(@Args() { filter = {}, first, after }: AuditLogArgs): Promise<AuditEntryConnection> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => where.push(sql.replace('?', `$${params.push(value)}`));
    if (filter.entityType) add('l.entity_type = ?', filter.entityType);
    if (filter.entityId) add('l.entity_id = ?', filter.entityId);
    if (filter.action) add(`l.action LIKE ? || '%'`, filter.action.replace(/[\\%_]/g, (c) => `\\${c}`));
    if (filter.actorEmail) add('l.actor_id = (SELECT id FROM member WHERE lower(email) = lower(?))', filter.actorEmail);
    if (filter.since) add('l.at >= ?', filter.since);
    if (filter.until) add('l.at < ?', filter.until);
    const total = await this.dataSource.query(`SELECT count(*)::int AS n FROM audit_log l ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`, params);
    if (after) add('l.id < ?', decodeCursor(after, [CURSOR_KEY.integer])[0]);
    const rows: AuditRow[] = await this.dataSource.query(
      `SELECT l.* FROM audit_log l ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY l.id DESC LIMIT ${first + 1}`,
      params,
    );
    const nodes = rows.slice(0, first).map(toModel);
    return toConnection(
      { nodes, hasNextPage: rows.length > first, endCursor: nodes.length ? cursorOf(nodes.at(-1)!) : null, totalCount: total[0].n },
      cursorOf,
    );
  }

  @ResolveField(() => MemberModel, { nullable: true })
  async actor(@Parent() entry: AuditEntryModel, @Context(LOADERS) loaders: Loaders): Promise<MemberModel | null> {
    return entry.actorId ? loaders.member.load(entry.actorId).catch(() => null) : null;
  }
}

function cursorOf(entry: AuditEntryModel): string {
  return encodeCursor([entry.id]);
}

function toModel(row: AuditRow): AuditEntryModel {
  return {
    id: String(row.id),
    at: row.at,
    actorId: row.actor_id,
    actorLabel: row.actor_label,
    action: row.action,
    entityType: row.entity_type,
    entityId: row.entity_id,
    before: row.before === null ? null : JSON.stringify(row.before),
    after: row.after === null ? null : JSON.stringify(row.after),
  };
}
