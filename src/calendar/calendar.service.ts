import { Inject, Injectable } from '@nestjs/common';
import { AreaEntity } from '../areas/area.entity';
import { mapArea } from '../areas/area.model';
import { AreasService } from '../areas/areas.service';
import { AudienceEntity } from '../audiences/audience.entity';
import { mapAudience } from '../audiences/audience.model';
import { AudiencesService } from '../audiences/audiences.service';
import { Caller } from '../auth/caller';
import { daysBetween } from '../common/dates/calendar-date';
import { lineageUnion } from '../common/hierarchy/hierarchy.rules';
import { AppError } from '../common/errors/app-error';
import { assertDateRange } from '../common/dates/date-range';
import { ClashRules } from '../conflicts/clash-rules';
import { CLASH_RULES } from '../conflicts/conflicts.tokens';
import { ConsultationModel, mapConsultation } from '../consultations/consultation.model';
import { ConsultationReach, ConsultationsRepository } from '../consultations/consultations.repository';
import { CalendarArgs, CalendarModel, DEFAULT_CALENDAR_STATUSES } from './calendar.model';
import { LoadItem, loadCells, LoadRow, periodsCovering, segments } from './load-calendar';

// Bounds that keep one request's work and answer reasonable (also in the README).
export const CALENDAR_LIMITS = { days: 1096, cells: 20_000, consultations: 10_000 } as const;
const DEFAULT_ROW_LEVELS = new Set(['DISTRICT', 'UNITARY']);

@Injectable()
export class CalendarService {
  constructor(
    @Inject(CLASH_RULES) private readonly rules: ClashRules,
    private readonly consultations: ConsultationsRepository,
    private readonly areas: AreasService,
    private readonly audiences: AudiencesService,
  ) {}

  async calendar(caller: Caller, args: CalendarArgs): Promise<CalendarModel> {
    assertDateRange(args.from, args.to);
    if (daysBetween(args.from, args.to) >= CALENDAR_LIMITS.days) throw AppError.badInput('to', `A calendar covers at most ${CALENDAR_LIMITS.days} days`);
    const periods = periodsCovering(args.from, args.to, args.granularity);
    const from = periods[0].start;
    const to = periods.at(-1)!.end;
    const areas = args.areaCodes ? await this.areas.findByCodes(args.areaCodes, 'areaCodes') : await this.defaultAreas(from, to);
    const audiences = args.audienceCodes ? await this.audiences.findByCodes(args.audienceCodes, 'audienceCodes') : [];
    const cellCount = periods.length * areas.length * Math.max(1, audiences.length);
    if (cellCount > CALENDAR_LIMITS.cells) {
      throw AppError.badInput('areaCodes', `That calendar would have ${cellCount} cells; ask for at most ${CALENDAR_LIMITS.cells} (fewer areas, audiences or periods)`);
    }

    // The rows' selections, already resolved, also narrow the query: no codes resolved twice.
    const rowReaches = await this.areas.selectionsEach(areas);
    const found = await this.consultations.reaches(
      {
        from,
        to,
        statuses: args.statuses ?? DEFAULT_CALENDAR_STATUSES,
        area: { blockIds: unique(rowReaches.flatMap((r) => r.blockIds)), lineageIds: unique(rowReaches.flatMap((r) => r.lineageIds)) },
        audience: audiences.length ? { ids: audiences.map((a) => a.id), lineageIds: lineageUnion(audiences) } : undefined,
      },
      caller.organisationId,
      CALENDAR_LIMITS.consultations + 1,
    );
    if (found.length > CALENDAR_LIMITS.consultations) {
      throw AppError.badInput('to', `More than ${CALENDAR_LIMITS.consultations} consultations fall in that calendar; ask for a shorter range or fewer areas`);
    }

    const rows: { area: AreaEntity; audience?: AudienceEntity; load: LoadRow }[] = areas.flatMap((area, i) => {
      if (!audiences.length) return [{ area, load: { area: rowReaches[i] } }];
      return audiences.map((audience) => ({ area, audience, load: { area: rowReaches[i], audience: { blockIds: [audience.id], lineageIds: audience.lineageIds } } }));
    });
    // The consultations themselves, the lists of them per cell and the segments are made only when
    // a query asks for them (getters): a heat map wants only counts, and a county's year by week
    // has 520 cells. They are read once, and listed as they were counted (one cancelled in between
    // is left out).
    let models: Promise<Map<string, ConsultationModel>> | undefined;
    const pick = async (ids: readonly string[]): Promise<ConsultationModel[]> => {
      models ??= this.consultations.findVisibleByIds(found.map((c) => c.id), caller.organisationId).then((all) => new Map(all.map((c) => [c.id, mapConsultation(c)])));
      const held = await models;
      return ids.flatMap((id) => held.get(id) ?? []);
    };
    const cells = loadCells(found.map(loadItem), rows.map((row) => row.load), periods, this.rules.fatigueThreshold);
    const rowModels = rows.map((row) => ({ area: mapArea(row.area), audience: row.audience ? mapAudience(row.audience) : null }));
    return {
      from,
      to,
      granularity: args.granularity,
      fatigueThreshold: this.rules.fatigueThreshold,
      areas: areas.map(mapArea),
      audiences: audiences.map(mapAudience),
      periods: periods.map((period, p) => ({
        ...period,
        cells: rowModels.map((row, r) => {
          const { ids, level } = cells[p][r];
          return {
            ...row,
            count: ids.length,
            level,
            get consultations() {
              return pick(ids);
            },
          };
        }),
      })),
      get consultations() {
        return pick(found.map((c) => c.id));
      },
      get segments() {
        return segments(found, from, to).map((s) => ({
          start: s.start,
          end: s.end,
          count: s.ids.length,
          get consultations() {
            return pick(s.ids);
          },
        }));
      },
    };
  }

  // The network lead's usual view: every district and unitary authority in being during the range.
  private async defaultAreas(from: string, to: string): Promise<AreaEntity[]> {
    const all = await this.areas.list({});
    return all.filter((a) => DEFAULT_ROW_LEVELS.has(a.level) && (!a.validFrom || a.validFrom <= to) && (!a.validTo || a.validTo >= from));
  }
}

function unique(ids: string[]): string[] {
  return [...new Set(ids)];
}

function loadItem(c: ConsultationReach): LoadItem {
  return {
    id: c.id,
    startDate: c.startDate,
    endDate: c.endDate,
    area: { blockIds: c.areaBlockIds, lineageIds: c.areaLineageIds },
    audience: { blockIds: c.audienceIds, lineageIds: c.audienceLineageIds },
  };
}
