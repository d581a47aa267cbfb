import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Request } from 'express';
import { DataSource } from 'typeorm';
import { Caller } from './caller';
import { hashApiKey } from './api-key';
import { Credential, isCrossSite } from './credentials';
import { Clock } from '../common/clock';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.token';
import { preparedStatement, runPrepared } from '../common/database/prepared-statement';

const MEMBER_COLUMNS = `m.id AS "memberId", m.organisation_id AS "organisationId", m.role, m.name, m.email`;

// A key works until revoked, through its expiry day (Europe/London, $2), while its member is active.
const CALLER_FOR_KEY = preparedStatement(
  'caller-for-api-key',
  `SELECT ${MEMBER_COLUMNS}, k.id AS "keyId", k.last_used_at AS "lastUsedAt"
  FROM api_key k JOIN member m ON m.id = k.member_id
  WHERE k.key_hash = $1 AND k.revoked_at IS NULL AND (k.expires_on IS NULL OR k.expires_on >= $2::date) AND m.active`,
);

// A session works until ended, while used within the idle time ($2: the earliest last use) and
// younger than the absolute limit ($3: the earliest sign-in), while its member is active.
const CALLER_FOR_SESSION = preparedStatement(
  'caller-for-session',
  `SELECT ${MEMBER_COLUMNS}, s.id AS "sessionId", s.last_seen_at AS "lastSeenAt"
  FROM member_session s JOIN member m ON m.id = s.member_id
  WHERE s.token_hash = $1 AND s.ended_at IS NULL AND s.last_seen_at > $2 AND s.created_at > $3 AND m.active`,
);

/** Last-used times are kept to the minute: a busy key writes once a minute, not on every request. */
export const LAST_USED_RESOLUTION_MS = 60_000;

@Injectable()
export class AuthService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  callerFor(credential: Credential): Promise<Caller | undefined> {
    return credential.kind === 'key' ? this.callerForKey(credential.secret) : this.callerForSession(credential.secret);
  }

  /** A cookie-authenticated request from another site (see isCrossSite). */
  isCrossSite(req: Request): boolean {
    return isCrossSite(req, this.config.publicBaseUrl);
  }

  /** Each use keeps the session alive (its idle time), recorded at most once a minute. */
  async callerForSession(token: string): Promise<Caller | undefined> {
    const now = this.clock.now();
    const { sessionIdleMinutes, sessionMaxHours } = this.config.signIn;
    const [row] = await runPrepared<Caller & { lastSeenAt: Date }>(this.dataSource.manager, CALLER_FOR_SESSION, [
      hashApiKey(token),
      new Date(now.getTime() - sessionIdleMinutes * 60_000),
      new Date(now.getTime() - sessionMaxHours * 3_600_000),
    ]);
    if (!row) return undefined;
    const { lastSeenAt, ...caller } = row;
    if (isStale(lastSeenAt, now)) await this.dataSource.query(`UPDATE member_session SET last_seen_at = $2 WHERE id = $1 AND last_seen_at < $2`, [caller.sessionId, now]);
    return caller;
  }

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
