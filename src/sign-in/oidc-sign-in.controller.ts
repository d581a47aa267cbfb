import { Controller, Get, Inject, Logger, Param, Query, Req, Res } from '@nestjs/common';
import type { CookieOptions, Request, Response } from 'express';
import { cookieValue, SESSION_COOKIE, sessionCookieOptions } from '../auth/credentials';
import { RateLimitService } from '../auth/rate-limit.service';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.token';
import { OIDC_SIGN_IN_MINUTES, OidcRefusal, OidcSignInService } from './oidc-sign-in.service';
import { safeNext } from './safe-next';
import { noSingleSignOnPage, oidcRefusedPage, providerUnreachablePage } from './sign-in-pages';

/** The state of the sign-in this browser started, so that only it can finish it (login CSRF). */
const STATE_COOKIE = 'cc_oidc_state';

// Refusals that say who the person is not (a member, of this organisation) rather than that the sign-in went wrong.
const FORBIDDEN: ReadonlySet<OidcRefusal> = new Set(['no email', 'email not verified', 'email domain not allowed', 'not a member', 'member of another organisation', 'member inactive']);

/**
 * Single sign-on through an organisation's OpenID Connect provider: /auth/oidc/<code>/start sends
 * the browser to the provider, which sends it back to /auth/oidc/callback; a session starts as
 * after an emailed link, and the browser goes on to the page it started from.
 */
@Controller('auth/oidc')
export class OidcSignInController {
  private readonly logger = new Logger(OidcSignInController.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly oidc: OidcSignInService,
    private readonly rateLimit: RateLimitService,
  ) {}

  /** The organisations that sign in with their own accounts, for the planner's sign-in page. */
  @Get('organisations')
  organisations(): Promise<{ code: string; name: string }[]> {
    return this.oidc.organisations();
  }

  /** ?next=/#/consultation/…: where to go once signed in; anything but a path on this site is ignored. */
  @Get(':organisationCode/start')
  async start(@Param('organisationCode') code: string, @Query('next') next: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    res.set('cache-control', 'no-store');
    // Each start keeps a row until the provider answers: counted per client address, as a request without a key is.
    const wait = await this.rateLimit.admitAnonymous(req.ip);
    if (wait !== undefined) return void res.status(429).set('retry-after', String(wait)).type('text').send(this.rateLimit.anonymousRefusalMessage(wait));
    let started: Awaited<ReturnType<OidcSignInService['start']>>;
    try {
      started = await this.oidc.start(code, safeNext(next));
    } catch (error) {
      this.logger.warn(`The identity provider of ${code} cannot be reached: ${error instanceof Error ? error.message : String(error)}`);
      return void res.status(503).type('html').send(providerUnreachablePage());
    }
    if (!started) return void res.status(404).type('html').send(noSingleSignOnPage());
    res.cookie(STATE_COOKIE, started.state, { ...this.stateCookie(), maxAge: OIDC_SIGN_IN_MINUTES * 60_000 }).redirect(303, started.url);
  }

  @Get('callback')
  async callback(@Req() req: Request, @Res() res: Response): Promise<void> {
    const query = req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?')) : '';
    const outcome = await this.oidc.finish(new URL(`${this.config.publicBaseUrl}/auth/oidc/callback${query}`), cookieValue(req.headers.cookie, STATE_COOKIE), req.headers['user-agent']);
    res.set('cache-control', 'no-store').clearCookie(STATE_COOKIE, this.stateCookie());
    if (!outcome.ok) return void res.status(FORBIDDEN.has(outcome.reason) ? 403 : 400).type('html').send(oidcRefusedPage(outcome.reason, outcome.email));
    res.cookie(SESSION_COOKIE, outcome.sessionToken, sessionCookieOptions(this.config.signIn)).redirect(303, outcome.next ?? '/');
  }

  // SameSite=Lax: the provider sends the browser back with a top-level GET, which carries it.
  private stateCookie(): CookieOptions {
    return { httpOnly: true, sameSite: 'lax', secure: this.config.signIn.secureCookie, path: '/auth/oidc' };
  }
}
