import { Body, Controller, Get, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuthService } from '../auth/auth.service';
import { RateLimitService } from '../auth/rate-limit.service';
import { credentialOf, SESSION_COOKIE, sessionCookieOptions } from '../auth/credentials';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.token';
import { EmailLinksService } from './email-links.service';
import { safeNext } from './safe-next';
import { SessionsService } from './sessions.service';
import { confirmPage, refusedPage } from './sign-in-pages';

const EMAIL = /^[^\s@]+@[^\s@]+$/;

/**
 * Signing in with an emailed link (or, in the planner, an API key), and signing out. Each route that acts on a session refuses a
 * request from another site (isCrossSite): signing someone in as another person is an attack too.
 */
@Controller('auth')
export class SignInController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly links: EmailLinksService,
    private readonly sessions: SessionsService,
    private readonly auth: AuthService,
    private readonly rateLimit: RateLimitService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /** { email, next? }: always the same answer, whether or not the address is a member's. */
  @Post('email-link')
  async requestLink(@Body() body: Record<string, unknown> | undefined, @Req() req: Request, @Res() res: Response): Promise<void> {
    const email = typeof body?.email === 'string' ? body.email.trim() : '';
    if (email.length > 320 || !EMAIL.test(email)) return refuse(res, 400, 'BAD_USER_INPUT', 'email must be an email address', 'email');
    const next = body?.next === undefined || body.next === '' ? undefined : safeNext(body.next);
    if (body?.next && !next) return refuse(res, 400, 'BAD_USER_INPUT', 'next must be a path on this site, such as /#/consultation/…', 'next');
    const wait = await this.links.request(email, next, req.ip);
    if (wait !== undefined) {
      res.set('retry-after', String(wait));
      return refuse(res, 429, 'RATE_LIMITED', `Too many sign-in links asked for: try again in ${wait} s.`);
    }
    res.status(202).json({ message: `If ${email} belongs to a member, a sign-in link is on its way. It works once, within ${this.config.signIn.emailLinkMinutes} minutes.` });
  }

  @Get('email-link/:token')
  async landing(@Param('token') token: string, @Res() res: Response): Promise<void> {
    const usable = await this.links.usable(token);
    res.status(usable ? 200 : 400).set('cache-control', 'no-store').type('html').send(usable ? confirmPage(token) : refusedPage());
  }

  @Post('email-link/:token')
  async signIn(@Param('token') token: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    if (this.auth.isCrossSite(req)) return refuse(res, 403, 'FORBIDDEN', 'Signing in from another site is refused');
    const redeemed = await this.links.redeem(token, req.headers['user-agent']);
    if (!redeemed.ok) return void res.status(400).set('cache-control', 'no-store').type('html').send(refusedPage());
    res.cookie(SESSION_COOKIE, redeemed.sessionToken, sessionCookieOptions(this.config.signIn)).redirect(303, redeemed.next ?? '/');
  }

  /**
   * { key }: the planner signs a key holder in with a session, so that the key is sent once and
   * never kept in the browser. A wrong key counts against the client's address, as on /graphql.
   */
  @Post('key')
  async signInWithKey(@Body() body: Record<string, unknown> | undefined, @Req() req: Request, @Res() res: Response): Promise<void> {
    if (this.auth.isCrossSite(req)) return refuse(res, 403, 'FORBIDDEN', 'Signing in from another site is refused');
    const key = typeof body?.key === 'string' ? body.key.trim() : '';
    const caller = key ? await this.auth.callerForKey(key) : undefined;
    if (!caller) {
      const wait = await this.rateLimit.admitAnonymous(req.ip);
      if (wait !== undefined) res.set('retry-after', String(wait));
      return wait !== undefined ? refuse(res, 429, 'RATE_LIMITED', this.rateLimit.anonymousRefusalMessage(wait)) : refuse(res, 401, 'UNAUTHENTICATED', 'The API key is not valid or has been revoked', 'key');
    }
    const token = await this.dataSource.transaction((tx) => this.sessions.start(tx, caller, 'API_KEY', req.headers['user-agent']));
    res.cookie(SESSION_COOKIE, token, sessionCookieOptions(this.config.signIn)).status(204).end();
  }

  /** Ends the session this request came with, and forgets its cookie. */
  @Post('sign-out')
  @HttpCode(204)
  async signOut(@Req() req: Request, @Res() res: Response): Promise<void> {
    if (this.auth.isCrossSite(req)) return refuse(res, 403, 'FORBIDDEN', 'Signing out from another site is refused');
    const credential = credentialOf(req);
    const caller = credential?.kind === 'session' ? await this.auth.callerForSession(credential.secret) : undefined;
    if (caller?.sessionId) await this.sessions.end(caller, caller.sessionId);
    const { maxAge: _, ...options } = sessionCookieOptions(this.config.signIn);
    res.clearCookie(SESSION_COOKIE, options).status(204).end();
  }
}

function refuse(res: Response, status: number, code: string, message: string, field?: string): void {
  res.status(status).json({ errors: [{ message, extensions: { code, ...(field ? { field } : {}) } }] });
}
