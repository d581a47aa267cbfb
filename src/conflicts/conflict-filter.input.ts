import { ArgsType, Field, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsBoolean, IsOptional, MaxLength, ValidateNested } from 'class-validator';
import { CalendarDateScalar } from '../common/graphql/calendar-date.scalar';
import { PageArgs } from '../common/graphql/pagination';
import { CONSULTATION_STATUSES, ConsultationStatus } from '../consultations/consultation.entity';
import { ConsultationStatusEnum, LIMITS } from '../consultations/consultation.inputs';
import { CONFLICT_KINDS, ConflictKind, Severity, SEVERITIES } from './clash-rules';
import { ConflictKindEnum, SeverityEnum } from './conflict.model';

@InputType({ description: 'Which kept conflicts to list; every field narrows, none means all' })
export class ConflictFilter {
  @Field(() => [String], { nullable: true, description: 'Those of these organisations’ consultations, each told from their side' })
  @IsOptional()
  @ArrayMaxSize(LIMITS.organisationCodes)
  @MaxLength(LIMITS.codeLength, { each: true })
  organisationCodes?: string[];

  @Field(() => [SeverityEnum], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(SEVERITIES.length)
  severities?: Severity[];

  @Field(() => [ConflictKindEnum], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(CONFLICT_KINDS.length)
  kinds?: ConflictKind[];

  @Field(() => Boolean, { nullable: true, description: 'false: only those nobody has acknowledged yet; true: only acknowledged ones' })
  @IsOptional()
  @IsBoolean()
  acknowledged?: boolean;

  @Field(() => CalendarDateScalar, { nullable: true, description: 'Of consultations whose window ends on or after this date' })
  @IsOptional()
  from?: string;

  @Field(() => CalendarDateScalar, { nullable: true, description: 'Of consultations whose window starts on or before this date' })
  @IsOptional()
  to?: string;

  @Field(() => [ConsultationStatusEnum], { nullable: true, description: 'Of consultations in these statuses (PLANNED, LIVE or CLOSED: only registered ones keep conflicts)' })
  @IsOptional()
  @ArrayMaxSize(CONSULTATION_STATUSES.length)
  statuses?: ConsultationStatus[];
}

@ArgsType()
export class ConflictsArgs extends PageArgs {
  @Field(() => ConflictFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => ConflictFilter)
  filter?: ConflictFilter;
}
