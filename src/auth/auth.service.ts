import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Caller } from './caller';
import { hashApiKey } from './api-key';
import { Clock } from '../common/clock';
import { preparedStatement, runPrepared } from '../common/database/prepared-statement';

const MEMBER_COLUMNS = `m.id AS "memberId", m.organisation_id AS "organisationId", m.role, m.name, m.email`;

// A key works until revoked, through its expiry day (Europe/London, $2), while its member is active.
const CALLER_FOR_KEY = preparedStatement(
  'caller-for-api-key',
  `SELECT ${MEMBER_COLUMNS}, k.id AS "keyId", k.last_used_at AS "lastUsedAt"
  FROM api_key k JOIN member m ON m.id = k.member_id
  WHERE k.key_hash = $1 AND k.revoked_at IS NULL AND (k.expires_on IS NULL OR k.expires_on >= $2::date) AND m.active`,
);

/** Last-used times are kept to the minute: a busy key writes once a minute, not on every request. */
export const LAST_USED_RESOLUTION_MS = 60_000;

@Injectable()
export class AuthService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  /** Every request asks this, so it is a prepared statement. */
  async callerForKey(key: string): Promise<Caller | undefined> {
    const now = this.clock.now();
    const [row] = await runPrepared<Caller & { keyId: string; lastUsedAt: Date | null }>(this.dataSource.manager, CALLER_FOR_KEY, [hashApiKey(key), this.clock.today()]);
    if (!row) return undefined;
    const { keyId, lastUsedAt, ...caller } = row;
    if (isStale(lastUsedAt, now)) {
      await this.dataSource.query(`UPDATE api_key SET last_used_at = $2 WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < $2)`, [keyId, now]);
    }
    return caller;
  }

  /** For the operator CLI, which acts on a member's behalf. */
  async callerForEmail(email: string): Promise<Caller | undefined> {
    return (await this.dataSource.query(`SELECT ${MEMBER_COLUMNS} FROM member m WHERE lower(m.email) = lower($1) AND m.active`, [email]))[0];
  }
}

export function isStale(lastUsedAt: Date | null, now: Date): boolean {
  return !lastUsedAt || now.getTime() - lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS;
}
