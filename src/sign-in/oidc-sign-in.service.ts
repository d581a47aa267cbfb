import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import * as oidc from 'openid-client';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { hashApiKey } from '../auth/api-key';
import { Caller } from '../auth/caller';
import { Clock } from '../common/clock';
import { IdentityProviderConfig } from '../config/identity-providers';
import { ClaimsRefusal, vouchedEmail } from './oidc-claims';
import { OidcClients } from './oidc-clients';
import { SessionsService } from './sessions.service';

/** How long a person has at their provider before the sign-in they started is forgotten. */
export const OIDC_SIGN_IN_MINUTES = 10;

/** Why a sign-in through an organisation's provider did not give a session. */
export type OidcRefusal =
  | 'not started here' // no state, or not the state this browser was given: forged, or someone else's
  | 'expired'
  | 'used'
  | 'provider refused' // the provider answered with an error (the person cancelled, say)
  | 'provider failed' // the code could not be exchanged, or the ID token did not check out
  | ClaimsRefusal
  | 'not a member'
  | 'member of another organisation'
  | 'member inactive';

export type OidcOutcome = { ok: true; sessionToken: string; next: string | undefined } | { ok: false; reason: OidcRefusal; email?: string; organisationCode?: string };

interface Attempt {
  id: string;
  organisationId: string;
  organisationCode: string;
  codeVerifier: string;
  nonce: string;
  next: string | null;
}

type Member = Caller & { active: boolean };

const MEMBER_COLUMNS = `m.id AS "memberId", m.organisation_id AS "organisationId", m.role, m.name, m.email, m.active`;

/**
 * Signing in through an organisation's OpenID Connect provider: the authorization code flow with
 * PKCE, state (kept here as a hash, and in the browser as a cookie, so that only the browser that
 * started a sign-in can finish it) and nonce. A first sign-in is matched to a member by the
 * address the provider verified; later ones by the provider's subject.
 */
@Injectable()
export class OidcSignInService {
  private readonly logger = new Logger(OidcSignInService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clients: OidcClients,
    private readonly sessions: SessionsService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** The organisations whose people sign in through their provider, for the sign-in page. */
  async organisations(): Promise<{ code: string; name: string }[]> {
    const codes = this.clients.organisationCodes();
    return codes.length ? this.dataSource.query(`SELECT code, name FROM organisation WHERE code = ANY($1) ORDER BY name`, [codes]) : [];
  }

  /**
   * Where to send the browser to sign in, and the state it must bring back; undefined when the
   * organisation does not exist or has no provider. Throws when the provider cannot be reached.
   */
  async start(organisationCode: string, next: string | undefined): Promise<{ url: string; state: string } | undefined> {
    if (!this.clients.provider(organisationCode)) return undefined;
    const [organisation] = await this.dataSource.query(`SELECT id FROM organisation WHERE code = $1`, [organisationCode]);
    if (!organisation) return undefined;
    const client = await this.clients.client(organisationCode);
    const [state, nonce, codeVerifier] = [oidc.randomState(), oidc.randomNonce(), oidc.randomPKCECodeVerifier()];
    const now = this.clock.now();
    await this.dataSource.query(`DELETE FROM oidc_sign_in WHERE expires_at < $1`, [new Date(now.getTime() - 86_400_000)]);
    await this.dataSource.query(
      `INSERT INTO oidc_sign_in (organisation_id, state_hash, code_verifier, nonce, next_path, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [organisation.id, hashApiKey(state), codeVerifier, nonce, next ?? null, now, new Date(now.getTime() + OIDC_SIGN_IN_MINUTES * 60_000)],
    );
    const url = oidc.buildAuthorizationUrl(client, {
      redirect_uri: this.clients.redirectUri(),
      scope: 'openid email profile',
      state,
      nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
    });
    return { url: url.toString(), state };
  }

  /**
   * The provider sent the browser back to `callbackUrl` (this service's redirect URI with the
   * provider's query); `browserState` is the state cookie the browser brought. Uses the sign-in
   * up and, if the provider vouches for a member, starts their session. Refusals are audited
   * against the organisation (or the member), except a state that names no sign-in begun here.
   */
  async finish(callbackUrl: URL, browserState: string | undefined, userAgent: string | undefined): Promise<OidcOutcome> {
    const state = callbackUrl.searchParams.get('state');
    if (!state || state !== browserState) return { ok: false, reason: 'not started here' };
    const attempt = await this.useAttempt(state);
    if (!('id' in attempt)) return attempt;
    const provider = this.clients.provider(attempt.organisationCode);
    if (!provider) return this.refuse(attempt, 'provider failed');
    if (callbackUrl.searchParams.has('error')) return this.refuse(attempt, 'provider refused', undefined, { error: callbackUrl.searchParams.get('error')?.slice(0, 100) });
    let claims: oidc.IDToken;
    try {
      const tokens = await oidc.authorizationCodeGrant(await this.clients.client(attempt.organisationCode), callbackUrl, {
        pkceCodeVerifier: attempt.codeVerifier,
        expectedState: state,
        expectedNonce: attempt.nonce,
        idTokenExpected: true,
      });
      claims = tokens.claims()!;
    } catch (error) {
      // openid-client's messages name what did not check out (a claim, a status), never a secret.
      this.logger.warn(`Signing in through ${attempt.organisationCode}'s identity provider failed: ${error instanceof Error ? error.message : String(error)}`);
      return this.refuse(attempt, 'provider failed');
    }
    return this.signIn(attempt, provider, claims, userAgent);
  }

  /** Marks the sign-in used; a used or expired one is refused (and audited). */
  private async useAttempt(state: string): Promise<Attempt | OidcOutcome> {
    const hash = hashApiKey(state);
    const now = this.clock.now();
    const [rows]: [Attempt[], number] = await this.dataSource.query(
      `UPDATE oidc_sign_in s SET used_at = $2 FROM organisation o
        WHERE s.state_hash = $1 AND s.used_at IS NULL AND s.expires_at > $2 AND o.id = s.organisation_id
      RETURNING s.id, s.organisation_id AS "organisationId", o.code AS "organisationCode", s.code_verifier AS "codeVerifier", s.nonce, s.next_path AS next`,
      [hash, now],
    );
    if (rows[0]) return rows[0];
    const [spent] = await this.dataSource.query(
      `SELECT s.organisation_id AS "organisationId", o.code AS "organisationCode", s.used_at AS "usedAt" FROM oidc_sign_in s JOIN organisation o ON o.id = s.organisation_id WHERE s.state_hash = $1`,
      [hash],
    );
    if (!spent) return { ok: false, reason: 'not started here' };
    return this.refuse(spent, spent.usedAt ? 'used' : 'expired');
  }

  /** Who the ID token says signed in: a linked identity, else a member with the verified address, else (if allowed) a new viewer. */
  private async signIn(attempt: Attempt, provider: IdentityProviderConfig, claims: oidc.IDToken, userAgent: string | undefined): Promise<OidcOutcome> {
    const identity = { issuer: claims.iss, subject: claims.sub };
    const outcome = await this.dataSource.transaction(async (tx): Promise<OidcOutcome & { member?: Member }> => {
      const [linked]: Member[] = await tx.query(
        `SELECT ${MEMBER_COLUMNS} FROM member_identity i JOIN member m ON m.id = i.member_id WHERE i.issuer = $1 AND i.subject = $2 AND m.organisation_id = $3`,
        [identity.issuer, identity.subject, attempt.organisationId],
      );
      let member = linked;
      if (!member) {
        const vouched = vouchedEmail(claims, provider.emailDomains);
        if (!vouched.ok) return { ok: false, reason: vouched.reason, email: vouched.email };
        const [known]: Member[] = await tx.query(`SELECT ${MEMBER_COLUMNS} FROM member m WHERE lower(m.email) = lower($1)`, [vouched.email]);
        if (known && known.organisationId !== attempt.organisationId) return { ok: false, reason: 'member of another organisation', email: vouched.email, member: known };
        member = known ?? (provider.selfRegistration ? await this.register(tx, attempt, vouched.email, vouched.name ?? vouched.email.split('@')[0]) : undefined);
        if (!member) return { ok: false, reason: 'not a member', email: vouched.email };
        if (member.active) await tx.query(`INSERT INTO member_identity (issuer, subject, member_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [identity.issuer, identity.subject, member.memberId]);
      }
      if (!member.active) return { ok: false, reason: 'member inactive', member };
      const { active: _, ...caller } = member;
      return { ok: true, sessionToken: await this.sessions.start(tx, caller, 'OIDC', userAgent), next: attempt.next ?? undefined };
    });
    if (outcome.ok) return outcome;
    return this.refuse(attempt, outcome.reason, outcome.member, outcome.email ? { email: outcome.email } : {});
  }

  /** A self-registered member: a VIEWER of the organisation whose provider vouched for them. */
  private async register(tx: EntityManager, attempt: Attempt, email: string, name: string): Promise<Member> {
    const [member]: Member[] = await tx.query(
      `INSERT INTO member (organisation_id, email, name, role) VALUES ($1, $2, $3, 'VIEWER') RETURNING id AS "memberId", organisation_id AS "organisationId", role, name, email, active`,
      [attempt.organisationId, email, name],
    );
    await this.audit.record(tx, member, {
      action: 'member.create',
      entityType: 'member',
      entityId: member.memberId,
      after: { email, name, role: 'VIEWER', organisationCode: attempt.organisationCode, selfRegistered: true },
    });
    return member;
  }

  private async refuse(
    attempt: Pick<Attempt, 'organisationId' | 'organisationCode'>,
    reason: OidcRefusal,
    member?: Member,
    details: Record<string, unknown> = {},
  ): Promise<OidcOutcome> {
    const entity = member ? { entityType: 'member', entityId: member.memberId } : { entityType: 'organisation', entityId: attempt.organisationId };
    await this.audit.record(this.dataSource.manager, undefined, { action: 'sign_in.refused', ...entity, after: { method: 'OIDC', reason, ...details } });
    return { ok: false, reason, organisationCode: attempt.organisationCode, email: typeof details.email === 'string' ? details.email : undefined };
  }
}
