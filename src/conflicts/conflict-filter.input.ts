import { ArgsType, Field, InputType } from '@nestjs/graphql';
import { ArrayMaxSize, IsBoolean, IsOptional } from 'class-validator';
import { CalendarDateScalar } from '../common/graphql/calendar-date.scalar';
import { PageArgs } from '../common/graphql/pagination';
import { ConsultationStatus } from '../consultations/consultation.entity';
import { ConsultationStatusEnum } from '../consultations/consultation.inputs';
import { ConflictKind, Severity } from './clash-rules';
import { ConflictKindEnum, SeverityEnum } from './conflict.model';

@InputType({ description: 'Which kept conflicts to list; every field narrows, none means all' })
export class ConflictFilter {
  @Field(() => [String], { nullable: true, description: 'Those of these organisations’ consultations, each told from their side' })
  @IsOptional()
  @ArrayMaxSize(100)
  organisationCodes?: string[];

  @Field(() => [SeverityEnum], { nullable: true })
  @IsOptional()
  severities?: Severity[];

  @Field(() => [ConflictKindEnum], { nullable: true })
  @IsOptional()
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
  statuses?: ConsultationStatus[];
}

@ArgsType()
export class ConflictsArgs extends PageArgs {
  @Field(() => ConflictFilter, { nullable: true })
  @IsOptional()
  filter?: ConflictFilter;
}
