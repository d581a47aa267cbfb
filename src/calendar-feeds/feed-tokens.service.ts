import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { hashApiKey } from '../auth/api-key';
import { Caller } from '../auth/caller';
import { AppError } from '../common/errors/app-error';

export interface FeedRow {
  id: string;
  memberId: string;
  label: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

/** The member a feed token stands for, as the feed needs them. */
export interface FeedOwner {
  feedId: string;
  memberId: string;
  organisationId: string;
}

const COLUMNS = `id, member_id AS "memberId", label, created_at AS "createdAt", last_used_at AS "lastUsedAt", revoked_at AS "revokedAt"`;

@Injectable()
export class FeedTokensService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** A new feed for the caller; the token is returned once and stored only as a hash. */
  async create(caller: Caller, label: string): Promise<{ feed: FeedRow; token: string }> {
    const token = `ccf_${randomBytes(24).toString('base64url')}`;
    const feed = await this.dataSource.transaction(async (tx) => {
      const [row]: FeedRow[] = await tx.query(
        `INSERT INTO calendar_feed (member_id, token_hash, label) VALUES ($1, $2, $3) RETURNING ${COLUMNS}`,
        [caller.memberId, hashApiKey(token), label],
      );
      await this.audit.record(tx, caller, { action: 'calendar_feed.create', entityType: 'calendar_feed', entityId: row.id, after: { label } });
      return row;
    });
    return { feed, token };
  }

  mine(caller: Caller): Promise<FeedRow[]> {
    return this.dataSource.query(`SELECT ${COLUMNS} FROM calendar_feed WHERE member_id = $1 ORDER BY created_at, id`, [caller.memberId]);
  }

  /** Your own feeds, or anyone's for a coordinator. A revoked token stops working at once. */
  async revoke(caller: Caller, id: string): Promise<FeedRow> {
    return this.dataSource.transaction(async (tx) => {
      const [rows]: [FeedRow[], number] = await tx.query(
        `UPDATE calendar_feed SET revoked_at = coalesce(revoked_at, now())
          WHERE id = $1 AND (member_id = $2 OR $3) RETURNING ${COLUMNS}`,
        [id, caller.memberId, caller.role === 'COORDINATOR'],
      );
      if (!rows[0]) throw AppError.notFound('Calendar feed');
      await this.audit.record(tx, caller, { action: 'calendar_feed.revoke', entityType: 'calendar_feed', entityId: id });
      return rows[0];
    });
  }

  /** The live feed a token opens, or undefined (unknown, revoked, or its member has left). */
  async authenticate(token: string | undefined): Promise<FeedOwner | undefined> {
    if (!token) return undefined;
    const [rows]: [FeedOwner[], number] = await this.dataSource.query(
      `UPDATE calendar_feed f SET last_used_at = now()
         FROM member m
        WHERE f.token_hash = $1 AND f.revoked_at IS NULL AND m.id = f.member_id AND m.active
       RETURNING f.id AS "feedId", m.id AS "memberId", m.organisation_id AS "organisationId"`,
      [hashApiKey(token)],
    );
    return rows[0];
  }
}
