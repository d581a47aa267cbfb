import { ArgsType, Field, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ArrayMaxSize, ArrayMinSize, IsIn, IsOptional } from 'class-validator';
import { AreaModel } from '../areas/area.model';
import { AudienceModel } from '../audiences/audience.model';
import { CalendarDateScalar } from '../common/graphql/calendar-date.scalar';
import { CONSULTATION_STATUSES, ConsultationStatus } from '../consultations/consultation.entity';
import { ConsultationStatusEnum, LIMITS } from '../consultations/consultation.inputs';
import { ConsultationModel } from '../consultations/consultation.model';
import { Granularity, GRANULARITIES, LoadLevel, LOAD_LEVELS } from './load-calendar';

export const CalendarGranularityEnum = Object.fromEntries(GRANULARITIES.map((g) => [g, g])) as Record<Granularity, Granularity>;
registerEnumType(CalendarGranularityEnum, {
  name: 'CalendarGranularity',
  valuesMap: { WEEK: { description: 'ISO weeks, Monday to Sunday' }, MONTH: { description: 'Calendar months' } },
});

export const LoadLevelEnum = Object.fromEntries(LOAD_LEVELS.map((l) => [l, l])) as Record<LoadLevel, LoadLevel>;
registerEnumType(LoadLevelEnum, {
  name: 'LoadLevel',
  description: 'A count of live consultations against the FATIGUE rule threshold (see clashRules)',
  valuesMap: {
    NONE: { description: 'Nothing live' },
    LIGHT: { description: 'Fewer than the threshold' },
    AT_LIMIT: { description: 'Exactly the threshold: one more would tip these people into fatigue' },
    FATIGUE: { description: 'More than the threshold' },
  },
});

export const DEFAULT_CALENDAR_STATUSES: ConsultationStatus[] = ['PLANNED', 'LIVE', 'CLOSED', 'REPORTED'];

@ArgsType()
export class CalendarArgs {
  @Field(() => CalendarDateScalar)
  from!: string;

  @Field(() => CalendarDateScalar)
  to!: string;

  @Field(() => [String], { nullable: true, description: 'One row per area, counted through the hierarchy. Default: every district and unitary authority' })
  @IsOptional()
  @ArrayMinSize(1)
  @ArrayMaxSize(LIMITS.areaCodes)
  areaCodes?: string[];

  @Field(() => [String], { nullable: true, description: 'Splits each area row by these audiences. Default: all audiences together' })
  @IsOptional()
  @ArrayMinSize(1)
  @ArrayMaxSize(LIMITS.audienceCodes)
  audienceCodes?: string[];

  @Field(() => CalendarGranularityEnum, { defaultValue: 'WEEK' })
  @IsIn(GRANULARITIES)
  granularity: Granularity = 'WEEK';

  @Field(() => [ConsultationStatusEnum], { nullable: true, description: `Default: ${DEFAULT_CALENDAR_STATUSES.join(', ')} (drafts are only ever your own)` })
  @IsOptional()
  @ArrayMinSize(1)
  @IsIn(CONSULTATION_STATUSES, { each: true })
  statuses?: ConsultationStatus[];
}

/** Read only when a query asks for it (see CalendarService). */
type Lazy<T> = T | Promise<T>;

@ObjectType('CalendarCell', { description: 'One area (and audience, where asked) in one period' })
export class CalendarCellModel {
  @Field(() => AreaModel)
  area!: AreaModel;

  @Field(() => AudienceModel, { nullable: true })
  audience!: AudienceModel | null;

  @Field(() => Int, { description: 'Consultations live at some point in the period that reach these people' })
  count!: number;

  @Field(() => LoadLevelEnum)
  level!: LoadLevel;

  @Field(() => [ConsultationModel])
  consultations!: Lazy<ConsultationModel[]>;
}

@ObjectType('CalendarPeriod')
export class CalendarPeriodModel {
  @Field(() => CalendarDateScalar)
  start!: string;

  @Field(() => CalendarDateScalar, { description: 'Inclusive' })
  end!: string;

  @Field({ description: '"2026-W48" for a week, "2026-11" for a month' })
  label!: string;

  @Field(() => [CalendarCellModel], { description: 'One per area, or per area and audience, in the order asked' })
  cells!: CalendarCellModel[];
}

@ObjectType('CalendarSegment', { description: 'A run of days over which the same consultations are live' })
export class CalendarSegmentModel {
  @Field(() => CalendarDateScalar)
  start!: string;

  @Field(() => CalendarDateScalar, { description: 'Inclusive' })
  end!: string;

  @Field(() => Int)
  count!: number;

  @Field(() => [ConsultationModel])
  consultations!: Lazy<ConsultationModel[]>;
}

@ObjectType('Calendar', { description: 'The load on each area over time, for planning and for the network lead' })
export class CalendarModel {
  @Field(() => CalendarDateScalar, { description: 'The first day of the first period' })
  from!: string;

  @Field(() => CalendarDateScalar, { description: 'The last day of the last period' })
  to!: string;

  @Field(() => CalendarGranularityEnum)
  granularity!: Granularity;

  @Field(() => Int, { description: 'The FATIGUE rule threshold the levels compare with' })
  fatigueThreshold!: number;

  @Field(() => [AreaModel], { description: 'The rows, in order' })
  areas!: AreaModel[];

  @Field(() => [AudienceModel], { description: 'The audiences each row is split by (empty: all together)' })
  audiences!: AudienceModel[];

  @Field(() => [CalendarPeriodModel])
  periods!: CalendarPeriodModel[];

  @Field(() => [ConsultationModel], { description: 'Every consultation counted anywhere in the calendar, by start date: the bars of a timeline' })
  consultations!: Lazy<ConsultationModel[]>;

  @Field(() => [CalendarSegmentModel], { description: 'Day ranges over which the same consultations are live (days with none are left out)' })
  segments!: CalendarSegmentModel[];
}
