import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { hashApiKey } from '../auth/api-key';
import { Caller, isCoordinator } from '../auth/caller';
import { generateSessionToken } from '../auth/credentials';
import { Clock } from '../common/clock';
import { AppError } from '../common/errors/app-error';

/** EMAIL_LINK: an emailed link; API_KEY: a key given in the planner, which keeps only the session; OIDC: the organisation's identity provider. */
export type SignInMethod = 'EMAIL_LINK' | 'API_KEY' | 'OIDC';

export interface SessionRow {
  id: string;
  memberId: string;
  method: SignInMethod;
  userAgent: string | null;
  createdAt: Date;
  lastSeenAt: Date;
  endedAt: Date | null;
}

const COLUMNS = `id, member_id AS "memberId", method, user_agent AS "userAgent", created_at AS "createdAt", last_seen_at AS "lastSeenAt", ended_at AS "endedAt"`;

@Injectable()
export class SessionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** A new session for the member, inside the sign-in's transaction; the token (for the cookie) is returned once. */
  async start(manager: EntityManager, member: Caller, method: SignInMethod, userAgent: string | undefined): Promise<string> {
    const token = generateSessionToken();
    const now = this.clock.now();
    const [{ id }] = await manager.query(
      `INSERT INTO member_session (member_id, token_hash, method, user_agent, created_at, last_seen_at) VALUES ($1, $2, $3, $4, $5, $5) RETURNING id`,
      [member.memberId, hashApiKey(token), method, userAgent?.slice(0, 200) ?? null, now],
    );
    await this.audit.record(manager, member, { action: 'session.start', entityType: 'member_session', entityId: id, after: { method } });
    return token;
  }

  /** The caller's sessions still open, newest first. */
  mine(caller: Caller): Promise<SessionRow[]> {
    return this.open(caller.memberId);
  }

  /** A member's sessions still open, newest first, for a coordinator to end one (a lost laptop, say). */
  async ofMember(memberId: string): Promise<SessionRow[]> {
    const [member] = await this.dataSource.query(`SELECT 1 FROM member WHERE id = $1`, [memberId]);
    if (!member) throw AppError.notFound('Member');
    return this.open(memberId);
  }

  private open(memberId: string): Promise<SessionRow[]> {
    return this.dataSource.query(`SELECT ${COLUMNS} FROM member_session WHERE member_id = $1 AND ended_at IS NULL ORDER BY created_at DESC, id`, [memberId]);
  }

  /** Your own session (signing out is ending the current one), or anyone's for a coordinator. */
  async end(caller: Caller, id: string): Promise<SessionRow> {
    return this.dataSource.transaction(async (tx) => {
      const [rows]: [SessionRow[], number] = await tx.query(
        `UPDATE member_session SET ended_at = coalesce(ended_at, $4) WHERE id = $1 AND (member_id = $2 OR $3) RETURNING ${COLUMNS}`,
        [id, caller.memberId, isCoordinator(caller), this.clock.now()],
      );
      if (!rows[0]) throw AppError.notFound('Session');
      await this.audit.record(tx, caller, { action: 'session.end', entityType: 'member_session', entityId: id, before: { memberId: rows[0].memberId } });
      return rows[0];
    });
  }
}

/** Every session of the member ends (deactivation, erasure). */
export async function endAllSessions(manager: EntityManager, memberId: string): Promise<void> {
  await manager.query(`UPDATE member_session SET ended_at = now() WHERE member_id = $1 AND ended_at IS NULL`, [memberId]);
}
