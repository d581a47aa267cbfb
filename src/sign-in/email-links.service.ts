import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomBytes, randomUUID } from 'node:crypto';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { hashApiKey } from '../auth/api-key';
import { Caller } from '../auth/caller';
import { consume } from '../auth/rate-limit.service';
import { AfterAnswer } from '../common/after-answer';
import { Clock } from '../common/clock';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.token';
import { Mailer } from '../digest/mailer';
import { signInEmail, singleSignOnEmail } from './sign-in-pages';
import { SessionsService } from './sessions.service';

export type Redeemed = { ok: true; sessionToken: string; next: string | undefined } | { ok: false };

/**
 * One-time sign-in links sent by email. Asking for one answers the same whoever the address
 * belongs to, and as quickly: the member is looked up and the mail sent after the answer. A
 * member whose organisation has single sign-on is mailed the way to it instead.
 */
@Injectable()
export class EmailLinksService {
  private readonly logger = new Logger(EmailLinksService.name);
  private readonly perAddress: RateLimiterMemory;
  private readonly perClient: RateLimiterMemory;
  // Links looked up and sent after their request was answered.
  private readonly sending = new AfterAnswer(this.logger, 'A sign-in link');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly mailer: Mailer,
    private readonly sessions: SessionsService,
    private readonly audit: AuditService,
  ) {
    this.perAddress = new RateLimiterMemory({ points: config.signIn.emailLinksPerAddressPerHour, duration: 3600, keyPrefix: 'link-address' });
    this.perClient = new RateLimiterMemory({ points: config.signIn.emailLinksPerClientPerHour, duration: 3600, keyPrefix: 'link-client' });
  }

  /** The seconds to wait when this client or address has asked too often, else undefined (and the link is on its way if the address is a member's). */
  async request(email: string, next: string | undefined, client: string | undefined): Promise<number | undefined> {
    const wait = (await consume(this.perClient, client ?? 'unknown')) ?? (await consume(this.perAddress, email.toLowerCase()));
    if (wait !== undefined) return wait;
    this.sending.start(this.send(email, next));
    return undefined;
  }

  /** Resolves once every link asked for so far has been sent (or found to have nobody to go to). */
  settled(): Promise<void> {
    return this.sending.settled();
  }

  private async send(email: string, next: string | undefined): Promise<void> {
    const [member] = await this.dataSource.query(
      `SELECT m.id, m.email, o.code AS "organisationCode" FROM member m JOIN organisation o ON o.id = m.organisation_id WHERE lower(m.email) = lower($1) AND m.active`,
      [email],
    );
    if (!member) return;
    const host = new URL(this.config.publicBaseUrl).hostname;
    // An organisation with its own identity provider signs its staff in there (its MFA and
    // policies apply): the mail points to it, and no link that would go round it is made.
    if (Object.hasOwn(this.config.identityProviders, member.organisationCode)) {
      const url = `${this.config.publicBaseUrl}/auth/oidc/${encodeURIComponent(member.organisationCode)}/start${next ? `?next=${encodeURIComponent(next)}` : ''}`;
      return this.mailer.send({ to: member.email, ...singleSignOnEmail(url), messageId: `<sign-in-${randomUUID()}@${host}>` });
    }
    const token = randomBytes(32).toString('base64url');
    const now = this.clock.now();
    const minutes = this.config.signIn.emailLinkMinutes;
    await this.dataSource.query(`INSERT INTO sign_in_link (member_id, token_hash, next_path, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)`, [
      member.id,
      hashApiKey(token),
      next ?? null,
      now,
      new Date(now.getTime() + minutes * 60_000),
    ]);
    const url = `${this.config.publicBaseUrl}/auth/email-link/${token}`;
    await this.mailer.send({ to: member.email, ...signInEmail(url, minutes), messageId: `<sign-in-${randomUUID()}@${host}>` });
  }

  /** Whether the link would sign someone in now (the page before the button). */
  async usable(token: string): Promise<boolean> {
    const rows = await this.dataSource.query(
      `SELECT 1 FROM sign_in_link l JOIN member m ON m.id = l.member_id WHERE l.token_hash = $1 AND l.used_at IS NULL AND l.expires_at > $2 AND m.active`,
      [hashApiKey(token), this.clock.now()],
    );
    return rows.length > 0;
  }

  /** Uses the link up and starts a session; an expired or used link is refused, and audited against its member. */
  async redeem(token: string, userAgent: string | undefined): Promise<Redeemed> {
    const now = this.clock.now();
    const hash = hashApiKey(token);
    const redeemed = await this.dataSource.transaction(async (tx): Promise<Redeemed> => {
      const [rows]: [(Caller & { next: string | null })[], number] = await tx.query(
        `UPDATE sign_in_link l SET used_at = $2 FROM member m
          WHERE l.token_hash = $1 AND l.used_at IS NULL AND l.expires_at > $2 AND m.id = l.member_id AND m.active
        RETURNING m.id AS "memberId", m.organisation_id AS "organisationId", m.role, m.name, m.email, l.next_path AS next`,
        [hash, now],
      );
      if (!rows[0]) return { ok: false };
      const { next, ...member } = rows[0];
      return { ok: true, sessionToken: await this.sessions.start(tx, member, 'EMAIL_LINK', userAgent), next: next ?? undefined };
    });
    if (!redeemed.ok) await this.auditRefusal(hash, now);
    return redeemed;
  }

  // A forged token names nobody and is not recorded: only a real link's misuse is worth a line.
  private async auditRefusal(hash: string, now: Date): Promise<void> {
    const [link] = await this.dataSource.query(`SELECT id, member_id AS "memberId", used_at AS "usedAt", expires_at AS "expiresAt" FROM sign_in_link WHERE token_hash = $1`, [hash]);
    if (!link) return;
    const reason = link.usedAt ? 'used' : link.expiresAt <= now ? 'expired' : 'member inactive';
    await this.audit.record(this.dataSource.manager, undefined, { action: 'sign_in.refused', entityType: 'member', entityId: link.memberId, after: { method: 'EMAIL_LINK', reason } });
  }
}
