import { Controller, Get, HttpException, HttpStatus, Inject, Query, Req } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Request } from 'express';
import { DataSource } from 'typeorm';
import { CONSULTATION_STATUSES, ConsultationStatus } from '../consultations/consultation.entity';
import { areaNamesSql, audienceNamesSql } from '../common/database/name-lists.sql';
import { ConflictsService } from '../conflicts/conflicts.service';
import { ConsultationsService } from '../consultations/consultations.service';
import { RateLimitService } from '../auth/rate-limit.service';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.token';
import { codesParameter as list, inputErrorAsBadRequest, QueryValue } from '../common/http/query-codes';
import { FeedOwner, FeedTokensService } from './feed-tokens.service';
import { blackoutsCalendar, consultationsCalendar, FeedBlackout, FeedConsultation } from './ical.render';

const FEED_LIMIT = 5000;

/**
 * A feed's answer as a calendar a client may keep for five minutes. Set on success only: a refusal
 * (401, 429, 400) is JSON and is not to be kept (and a calendar type on it made Express warn in
 * the log on every guessed token).
 */
function asCalendar(req: Request, calendar: string): string {
  req.res?.type('text/calendar; charset=utf-8').set('cache-control', 'private, max-age=300');
  return calendar;
}

/**
 * Subscribable iCalendar feeds. Calendar clients cannot send headers, so the feed token is in the
 * URL: `?token=…` (create one with createCalendarFeed; revoke it with revokeCalendarFeed).
 */
@Controller()
export class CalendarFeedsController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly tokens: FeedTokensService,
    private readonly consultations: ConsultationsService,
    private readonly conflicts: ConflictsService,
    private readonly rateLimit: RateLimitService,
  ) {}

  /** Filters: organisation, area, audience (comma-separated codes), status (default all but DRAFT). */
  @Get('calendar.ics')
  async consultationsFeed(@Query() query: Record<string, QueryValue>, @Req() req: Request): Promise<string> {
    const owner = await this.owner(query, req);
    const statuses = (list(query, 'status')?.map((s) => s.toUpperCase()) ?? ['PLANNED', 'LIVE', 'CLOSED', 'REPORTED', 'CANCELLED']) as ConsultationStatus[];
    const unknown = statuses.filter((s) => !(CONSULTATION_STATUSES as readonly string[]).includes(s) || s === 'DRAFT');
    if (unknown.length) throw new HttpException(`status: unknown or private status ${unknown.join(', ')}`, HttpStatus.BAD_REQUEST);
    const found = await this.consultations
      .all(owner.organisationId, { organisationCodes: list(query, 'organisation'), areaCodes: list(query, 'area'), audienceCodes: list(query, 'audience'), statuses }, FEED_LIMIT)
      .catch(inputErrorAsBadRequest);
    return asCalendar(req, consultationsCalendar(await this.describe(found.map((c) => c.id)), this.config.publicBaseUrl));
  }

  @Get('blackouts.ics')
  async blackoutsFeed(@Query() query: Record<string, QueryValue>, @Req() req: Request): Promise<string> {
    await this.owner(query, req);
    const rows: FeedBlackout[] = await this.dataSource.query(
      `SELECT b.id, b.name, b.start_date::text AS "startDate", b.end_date::text AS "endDate", b.severity, b.updated_at AS "updatedAt",
              ${areaNamesSql('b.area_ids')} AS areas, ${audienceNamesSql('b.audience_ids')} AS audiences
         FROM blackout_period b ORDER BY b.start_date, b.name`,
    );
    return asCalendar(req, blackoutsCalendar(rows));
  }

  private async owner(query: Record<string, QueryValue>, req: Request): Promise<FeedOwner> {
    // One token, as the feed's address gives it; anything else is no token.
    const owner = await this.tokens.authenticate(typeof query.token === 'string' ? query.token : undefined);
    if (owner) return owner;
    // Guessing tokens counts against the client's address, like a wrong API key.
    const wait = await this.rateLimit.admitAnonymous(req.ip);
    if (wait !== undefined) {
      req.res?.set('retry-after', String(wait));
      throw new HttpException(this.rateLimit.anonymousRefusalMessage(wait), HttpStatus.TOO_MANY_REQUESTS);
    }
    throw new HttpException('A valid calendar feed token is required (?token=…); it may have been revoked', HttpStatus.UNAUTHORIZED);
  }

  // Names, not ids, for people reading the event: one query for the whole feed.
  private async describe(ids: string[]): Promise<FeedConsultation[]> {
    const [rows, conflictCounts] = await Promise.all([
      this.dataSource.query(
        `SELECT c.id, c.title, c.summary, c.status, c.start_date::text AS "startDate", c.end_date::text AS "endDate",
                o.name AS organisation, c.version, c.created_at AS "createdAt", c.updated_at AS "updatedAt",
                ${areaNamesSql('c.area_ids')} AS areas, ${audienceNamesSql('c.audience_ids')} AS audiences
           FROM consultation c JOIN organisation o ON o.id = c.organisation_id
          WHERE c.id = ANY($1::uuid[])
          ORDER BY c.start_date, c.id`,
        [ids],
      ) as Promise<Omit<FeedConsultation, 'conflictCount'>[]>,
      this.conflicts.countsForConsultations(ids),
    ]);
    return rows.map((row) => ({ ...row, conflictCount: conflictCounts.get(row.id) ?? 0 }));
  }
}
