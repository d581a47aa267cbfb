import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AreasService } from '../areas/areas.service';
import { AudiencesService } from '../audiences/audiences.service';
import { Clock } from '../common/clock';
import { CalendarDate, minDate, todayInLondon } from '../common/dates/calendar-date';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.token';
import type { ResolvedPlan } from '../consultations/consultations.service';
import { calendarRows, SCHOOL_AUDIENCES } from '../seed/blackout-data';
import { adviceFor, HolidayCalendar } from './advice.rules';
import { Finding } from './conflict.rules';

/** A plan with an area of these levels is county-wide (or wider). */
const WIDE_LEVELS = ['COUNTRY', 'REGION', 'COUNTY'];

/** What the checks read of a plan: a dry run's resolved plan, or a kept consultation. */
export type AdviceSubject = Pick<ResolvedPlan, 'startDate' | 'endDate' | 'statutory' | 'areaIds' | 'audienceIds' | 'decisionDate' | 'shortPeriodReason'>;

/**
 * The good-practice checks of one plan as ADVICE findings (advice.rules.ts): reads what the rules
 * need — whom it reaches, how wide it is, when it was registered, the holidays — and asks them.
 */
@Injectable()
export class AdviceChecker {
  private calendar?: HolidayCalendar;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly areas: AreasService,
    private readonly audiences: AudiencesService,
    private readonly clock: Clock,
  ) {}

  /** `registeredId`: the organisation's consultation being edited, whose notice counts from its registration; else from today. */
  async adviceFor(plan: AdviceSubject, organisationId: string, registeredId?: string): Promise<Finding[]> {
    return this.advise(plan, await this.registeredOn(organisationId, registeredId));
  }

  /** A kept consultation's advice: its notice counts from its registration (a draft's, from today). */
  adviceForKept(consultation: AdviceSubject & { status: string; createdAt: Date }): Promise<Finding[]> {
    const registeredAt = consultation.status === 'DRAFT' ? this.clock.now() : consultation.createdAt;
    return this.advise(consultation, minDate(todayInLondon(registeredAt), this.clock.today()));
  }

  private async advise(plan: AdviceSubject, registeredOn: CalendarDate): Promise<Finding[]> {
    const [audiences, areas] = await Promise.all([this.audiences.findByIds(plan.audienceIds), this.areas.findByIds(plan.areaIds)]);
    const lineage = await this.audiences.findByIds([...new Set(audiences.flatMap((a) => a.lineageIds))]);
    const facts = {
      startDate: plan.startDate,
      endDate: plan.endDate,
      statutory: plan.statutory,
      reachesChildren: lineage.some((a) => SCHOOL_AUDIENCES.includes(a.code)),
      countyWide: areas.some((a) => WIDE_LEVELS.includes(a.level)),
      registeredOn,
      decisionDate: plan.decisionDate,
      shortPeriodReason: plan.shortPeriodReason,
    };
    return adviceFor(facts, this.holidays(), this.config.advice).map((advice) => ({
      kind: 'ADVICE',
      severity: 'LOW',
      adviceRule: advice.rule,
      otherId: null,
      blackoutId: null,
      relatedIds: [],
      sharedAreaIds: [],
      sharedAudienceIds: [],
      sharedChannels: [],
      sharedTopics: [],
      overlapStart: advice.on,
      overlapEnd: advice.on,
      explanation: advice.explanation,
      otherExplanation: null,
    }));
  }

  private async registeredOn(organisationId: string, id: string | undefined): Promise<CalendarDate> {
    const [row] = id ? await this.dataSource.query(`SELECT created_at AS "createdAt" FROM consultation WHERE id = $1 AND organisation_id = $2 AND status <> 'DRAFT'`, [id, organisationId]) : [];
    // Never after today: the database's clock stamps created_at, the service's says what today is.
    return minDate(todayInLondon(row?.createdAt ?? this.clock.now()), this.clock.today());
  }

  // Read once: the file ships with the service.
  private holidays(): HolidayCalendar {
    if (!this.calendar) {
      const rows = calendarRows();
      const of = (kind: string) => rows.filter((r) => r.kind === kind).map((r) => ({ name: r.name, startDate: r.start_date, endDate: r.end_date }));
      this.calendar = { bankHolidays: of('bank_holiday'), schoolHolidays: of('school_holiday') };
    }
    return this.calendar;
  }
}
