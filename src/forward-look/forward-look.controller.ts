import { Controller, Get, HttpException, HttpStatus, Inject, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { RateLimitService } from '../auth/rate-limit.service';
import { Clock } from '../common/clock';
import { codesParameter, inputErrorAsBadRequest, QueryValue } from '../common/http/query-codes';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.token';
import { ConsultationExportService } from '../spreadsheets/consultation-export.service';
import { Chosen, renderAtom, renderCalendar, renderPage } from './forward-look.render';
import { ForwardLookService } from './forward-look.service';

type Format = 'html' | 'ics' | 'atom' | 'csv';
interface Made {
  type: string;
  body: string;
}

const TYPES: Record<Format, string> = {
  html: 'text/html; charset=utf-8',
  ics: 'text/calendar; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
};
// Each filter's answer is kept; past this many the oldest are dropped, so odd filters cannot fill memory.
const MOST_KEPT = 500;

/**
 * The public forward look, without a key: a page, an iCalendar feed, an Atom feed and the public
 * register as CSV, of PLANNED and LIVE consultations and published responses, filtered by area
 * and audience (`?area=CODE&audience=CODE`, codes comma-separated or repeated). Every request
 * counts against the per-address anonymous limit, and each filter's answer is made at most once
 * per FORWARD_LOOK_CACHE_SECONDS, so these routes cannot be used to load the database.
 */
@Controller()
export class ForwardLookController {
  private readonly kept = new Map<string, { at: number; made: Promise<Made> }>();

  constructor(
    private readonly service: ForwardLookService,
    private readonly exports: ConsultationExportService,
    private readonly rateLimit: RateLimitService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('forward-look')
  page(@Query() query: Record<string, QueryValue>, @Req() req: Request, @Res() res: Response): Promise<void> {
    return this.answer('html', query, req, res);
  }

  @Get('forward-look.ics')
  calendar(@Query() query: Record<string, QueryValue>, @Req() req: Request, @Res() res: Response): Promise<void> {
    return this.answer('ics', query, req, res);
  }

  @Get('forward-look.atom')
  atom(@Query() query: Record<string, QueryValue>, @Req() req: Request, @Res() res: Response): Promise<void> {
    return this.answer('atom', query, req, res);
  }

  @Get('forward-look.csv')
  csv(@Query() query: Record<string, QueryValue>, @Req() req: Request, @Res() res: Response): Promise<void> {
    return this.answer('csv', query, req, res);
  }

  private async answer(format: Format, query: Record<string, QueryValue>, req: Request, res: Response): Promise<void> {
    const wait = await this.rateLimit.admitAnonymous(req.ip);
    if (wait !== undefined) {
      res.set('retry-after', String(wait));
      throw new HttpException(this.rateLimit.anonymousRefusalMessage(wait), HttpStatus.TOO_MANY_REQUESTS);
    }
    const chosen: Chosen = { areaCodes: sorted(codesParameter(query, 'area')), audienceCodes: sorted(codesParameter(query, 'audience')) };
    const made = await this.cached(`${format} ${chosen.areaCodes.join(',')} ${chosen.audienceCodes.join(',')}`, () => this.make(format, chosen));
    res
      .type(made.type)
      .set('cache-control', `public, max-age=${this.config.forwardLookCacheSeconds}`)
      .send(made.body);
  }

  private async make(format: Format, chosen: Chosen): Promise<Made> {
    const base = this.config.publicBaseUrl;
    if (format === 'csv') {
      const file = await this.exports.publicConsultationsCsv({ ...chosen, statuses: ['PLANNED', 'LIVE'] }).catch(inputErrorAsBadRequest);
      return { type: TYPES.csv, body: file.content };
    }
    const look = await this.service.load(chosen).catch(inputErrorAsBadRequest);
    if (format === 'ics') return { type: TYPES.ics, body: renderCalendar(look, chosen, base) };
    if (format === 'atom') return { type: TYPES.atom, body: renderAtom(look, chosen, base, this.clock.now()) };
    return { type: TYPES.html, body: renderPage(look, await this.service.choices(), chosen, base) };
  }

  private cached(key: string, make: () => Promise<Made>): Promise<Made> {
    const found = this.kept.get(key);
    if (found && Date.now() - found.at < this.config.forwardLookCacheSeconds * 1000) return found.made;
    if (this.kept.size >= MOST_KEPT) this.kept.delete(this.kept.keys().next().value!);
    const made = make();
    this.kept.set(key, { at: Date.now(), made });
    // A refusal (an unknown code) or a failure is not kept.
    made.catch(() => this.kept.get(key)?.made === made && this.kept.delete(key));
    return made;
  }
}

function sorted(codes: string[] | undefined): string[] {
  return [...new Set(codes ?? [])].sort();
}
