import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { generateApiKey, hashApiKey } from '../auth/api-key';
import { Caller, isCoordinator } from '../auth/caller';
import { Clock } from '../common/clock';
import { CalendarDate } from '../common/dates/calendar-date';
import { AppError } from '../common/errors/app-error';

export interface ApiKeyRow {
  id: string;
  memberId: string;
  label: string;
  issued: boolean;
  expiresOn: CalendarDate | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

/** Keys a member may hold at once, unrevoked: enough for every system they run, few enough to review. */
export const MAX_LIVE_KEYS = 20;
/** The label of the key createMember, issueApiKey and the CLI give. */
export const ISSUED_KEY_LABEL = 'Issued key';

const COLUMNS = `id, member_id AS "memberId", label, issued, expires_on::text AS "expiresOn", created_at AS "createdAt",
  last_used_at AS "lastUsedAt", revoked_at AS "revokedAt"`;

@Injectable()
export class ApiKeysService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** A new named key for the caller, returned once and stored only as a hash. */
  async create(caller: Caller, label: string, expiresOn: CalendarDate | undefined): Promise<{ key: ApiKeyRow; apiKey: string }> {
    if (expiresOn !== undefined && expiresOn < this.clock.today()) throw AppError.badInput('expiresOn', `expiresOn must be today (${this.clock.today()}) or later`);
    return this.dataSource.transaction(async (tx) => {
      // Locks the member so that two creations at once cannot both pass the count.
      await tx.query(`SELECT 1 FROM member WHERE id = $1 FOR UPDATE`, [caller.memberId]);
      const [{ live }] = await tx.query(`SELECT count(*)::int AS live FROM api_key WHERE member_id = $1 AND revoked_at IS NULL`, [caller.memberId]);
      if (live >= MAX_LIVE_KEYS) throw AppError.badInput('label', `You hold ${live} keys, the most allowed: revoke one you no longer use first`);
      const created = await insertKey(tx, caller.memberId, label, false, expiresOn ?? null);
      await this.audit.record(tx, caller, { action: 'api_key.create', entityType: 'api_key', entityId: created.key.id, after: { label, expiresOn: expiresOn ?? null } });
      return created;
    });
  }

  mine(caller: Caller): Promise<ApiKeyRow[]> {
    return this.dataSource.query(`SELECT ${COLUMNS} FROM api_key WHERE member_id = $1 ORDER BY created_at, id`, [caller.memberId]);
  }

  /** Your own keys, or anyone's for a coordinator. A revoked key stops working at once. */
  async revoke(caller: Caller, id: string): Promise<ApiKeyRow> {
    return this.dataSource.transaction(async (tx) => {
      const [rows]: [ApiKeyRow[], number] = await tx.query(
        `UPDATE api_key SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1 AND (member_id = $2 OR $3) RETURNING ${COLUMNS}`,
        [id, caller.memberId, isCoordinator(caller)],
      );
      if (!rows[0]) throw AppError.notFound('API key');
      await this.audit.record(tx, caller, { action: 'api_key.revoke', entityType: 'api_key', entityId: id, before: { label: rows[0].label } });
      return rows[0];
    });
  }
}

/**
 * The member's issued key, replacing the one before it (which stops working at once); their
 * named keys stay. Inside the caller's transaction: createMember and issueApiKey audit it.
 */
export async function issueKey(manager: EntityManager, memberId: string): Promise<string> {
  await manager.query(`UPDATE api_key SET revoked_at = now() WHERE member_id = $1 AND issued AND revoked_at IS NULL`, [memberId]);
  return (await insertKey(manager, memberId, ISSUED_KEY_LABEL, true, null)).apiKey;
}

/** Every key of the member stops working (deactivation, erasure). */
export async function revokeAllKeys(manager: EntityManager, memberId: string): Promise<void> {
  await manager.query(`UPDATE api_key SET revoked_at = now() WHERE member_id = $1 AND revoked_at IS NULL`, [memberId]);
}

async function insertKey(manager: EntityManager, memberId: string, label: string, issued: boolean, expiresOn: CalendarDate | null) {
  const apiKey = generateApiKey();
  const [key]: ApiKeyRow[] = await manager.query(
    `INSERT INTO api_key (member_id, key_hash, label, issued, expires_on) VALUES ($1, $2, $3, $4, $5) RETURNING ${COLUMNS}`,
    [memberId, hashApiKey(apiKey), label, issued, expiresOn],
  );
  return { key, apiKey };
}
