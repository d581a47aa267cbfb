import { ArgsType, Field, InputType, Int, PartialType, registerEnumType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize, ArrayMinSize, IsBoolean, IsEmail, IsIn, IsInt, IsOptional, Length, Matches, Max, MaxLength, Min, ValidateNested,
} from 'class-validator';
import { CalendarDateScalar } from '../common/graphql/calendar-date.scalar';
import { PageArgs } from '../common/graphql/pagination';
import { Channel, CHANNELS, CONSULTATION_STATUSES, ConsultationStatus } from './consultation.entity';

export const ChannelEnum = Object.fromEntries(CHANNELS.map((c) => [c, c])) as Record<Channel, Channel>;
registerEnumType(ChannelEnum, { name: 'Channel' });
export const ConsultationStatusEnum = Object.fromEntries(CONSULTATION_STATUSES.map((s) => [s, s])) as Record<ConsultationStatus, ConsultationStatus>;
registerEnumType(ConsultationStatusEnum, { name: 'ConsultationStatus' });

// The limits, also listed in the README.
export const LIMITS = {
  title: 200,
  summary: 4000,
  topics: 20,
  topicLength: 60,
  areaCodes: 300,
  audienceCodes: 50,
  expectedRespondents: 10_000_000,
  windowDays: 731,
  /** Any reference code (area, audience, organisation) is at most this long. */
  codeLength: 64,
  organisationCodes: 100,
  filterText: 200,
} as const;

@InputType({ description: 'A consultation as planned. Dates are calendar dates; the end date is inclusive.' })
export class ConsultationInput {
  @Field({ description: `1–${LIMITS.title} characters` })
  @MaxLength(LIMITS.title)
  @Matches(/\S/, { message: 'title must not be empty' })
  title!: string;

  @Field({ nullable: true, description: `Up to ${LIMITS.summary} characters` })
  @IsOptional()
  @MaxLength(LIMITS.summary)
  summary?: string;

  @Field(() => [String], { defaultValue: [], description: `Up to ${LIMITS.topics} topics of 1–${LIMITS.topicLength} characters, compared case-insensitively` })
  @ArrayMaxSize(LIMITS.topics)
  @Length(1, LIMITS.topicLength, { each: true })
  topics!: string[];

  @Field(() => [String], { description: `1–${LIMITS.audienceCodes} audience codes` })
  @ArrayMinSize(1, { message: 'audienceCodes must name at least one audience' })
  @ArrayMaxSize(LIMITS.audienceCodes)
  audienceCodes!: string[];

  @Field(() => [String], { description: `1–${LIMITS.areaCodes} area codes (GSS or custom)` })
  @ArrayMinSize(1, { message: 'areaCodes must name at least one area' })
  @ArrayMaxSize(LIMITS.areaCodes)
  areaCodes!: string[];

  @Field(() => [ChannelEnum], { defaultValue: [] })
  @IsIn(CHANNELS, { each: true })
  channels!: Channel[];

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(LIMITS.expectedRespondents)
  expectedRespondents?: number;

  @Field(() => Boolean, { defaultValue: false })
  @IsBoolean()
  statutory!: boolean;

  // No schema default: left out, a new consultation takes its organisation's publicByDefault.
  @Field(() => Boolean, { nullable: true, description: "On the public forward look once PLANNED; left out, your organisation's publicByDefault. Changeable until launch" })
  @IsOptional()
  @IsBoolean()
  public?: boolean;

  @Field(() => CalendarDateScalar)
  startDate!: string;

  @Field(() => CalendarDateScalar, { description: 'Inclusive' })
  endDate!: string;

  @Field(() => CalendarDateScalar, { nullable: true, description: 'When the decision it informs is due, on or after endDate (the good-practice checks want time to weigh the responses)' })
  @IsOptional()
  decisionDate?: string;

  @Field({ nullable: true, description: 'Why it runs shorter than the usual minimum (a statutory consultation: 12 weeks), up to 1,000 characters; recorded, the check does not advise on its length' })
  @IsOptional()
  @MaxLength(1000)
  shortPeriodReason?: string;

  @Field(() => ConsultationStatusEnum, { defaultValue: 'PLANNED', description: 'DRAFT (private to your organisation) or PLANNED' })
  @IsIn(['DRAFT', 'PLANNED'], { message: 'status must be DRAFT or PLANNED; use launchConsultation to go live' })
  status!: ConsultationStatus;

  @Field({ nullable: true, description: 'A member of your organisation; defaults to you' })
  @IsOptional()
  @IsEmail()
  leadOfficerEmail?: string;
}

// Defaults come from the schema (defaultValue), not from field initialisers, so that the update
// input, which has none, leaves out what the caller left out.
@InputType({ description: 'Fields to change; those left out keep their value' })
export class ConsultationUpdateInput extends PartialType(ConsultationInput, { decorator: InputType, omitDefaultValues: true }) {}

@InputType()
export class ConsultationFilter {
  @Field(() => CalendarDateScalar, { nullable: true, description: 'Consultations whose window ends on or after this date' })
  @IsOptional()
  from?: string;

  @Field(() => CalendarDateScalar, { nullable: true, description: 'Consultations whose window starts on or before this date' })
  @IsOptional()
  to?: string;

  @Field(() => [String], { nullable: true, description: 'Sharing territory with any of these areas (through the hierarchy)' })
  @IsOptional()
  @ArrayMaxSize(LIMITS.areaCodes)
  @MaxLength(LIMITS.codeLength, { each: true })
  areaCodes?: string[];

  @Field(() => [String], { nullable: true, description: 'Reaching any of these audiences (through the hierarchy)' })
  @IsOptional()
  @ArrayMaxSize(LIMITS.audienceCodes)
  @MaxLength(LIMITS.codeLength, { each: true })
  audienceCodes?: string[];

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(LIMITS.organisationCodes)
  @MaxLength(LIMITS.codeLength, { each: true })
  organisationCodes?: string[];

  @Field(() => [ConsultationStatusEnum], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(CONSULTATION_STATUSES.length)
  @IsIn(CONSULTATION_STATUSES, { each: true })
  statuses?: ConsultationStatus[];

  @Field({ nullable: true, description: 'Words in the title or summary' })
  @IsOptional()
  @Length(1, LIMITS.filterText)
  text?: string;

  @Field(() => Boolean, { nullable: true, description: 'true: CLOSED consultations whose response is overdue (more than RESPONSE_DUE_WEEKS since they closed); false: all others' })
  @IsOptional()
  @IsBoolean()
  responseOverdue?: boolean;
}

@ArgsType()
export class ConsultationsArgs extends PageArgs {
  // Nested inputs are validated only when class-transformer knows their class.
  @Field(() => ConsultationFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => ConsultationFilter)
  filter?: ConsultationFilter;
}
