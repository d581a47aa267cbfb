import { Field, ID, InputType, ObjectType, PartialType } from '@nestjs/graphql';
import { ArrayMaxSize, IsIn, IsOptional, Length } from 'class-validator';
import { CalendarDateScalar } from '../common/graphql/calendar-date.scalar';
import { Severity, SEVERITIES } from '../conflicts/clash-rules';
import { SeverityEnum } from '../conflicts/conflict.model';

@ObjectType('BlackoutPeriod', { description: 'Dates in which consulting some areas or audiences is unwise' })
export class BlackoutPeriodModel {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { nullable: true, description: 'Set for periods loaded from reference data' })
  code!: string | null;

  @Field()
  name!: string;

  @Field(() => CalendarDateScalar)
  startDate!: string;

  @Field(() => CalendarDateScalar, { description: 'Inclusive' })
  endDate!: string;

  @Field(() => SeverityEnum, { description: 'The severity of a consultation touching it' })
  severity!: Severity;

  // Resolved to areas and audiences; empty means every area / every audience.
  areaIds!: string[];
  audienceIds!: string[];
}

@InputType()
export class BlackoutPeriodInput {
  @Field({ description: '1–200 characters' })
  @Length(1, 200)
  name!: string;

  @Field(() => CalendarDateScalar)
  startDate!: string;

  @Field(() => CalendarDateScalar, { description: 'Inclusive' })
  endDate!: string;

  @Field(() => SeverityEnum, { defaultValue: 'HIGH' })
  @IsIn(SEVERITIES)
  severity!: Severity;

  @Field(() => [String], { defaultValue: [], description: 'Areas it applies to (up to 300); none: every area' })
  @ArrayMaxSize(300)
  areaCodes!: string[];

  @Field(() => [String], { defaultValue: [], description: 'Audiences it applies to (up to 50); none: every audience' })
  @ArrayMaxSize(50)
  audienceCodes!: string[];
}

// As ConsultationUpdateInput: no defaults, so what is left out keeps its value.
@InputType()
export class BlackoutPeriodUpdateInput extends PartialType(BlackoutPeriodInput, { omitDefaultValues: true }) {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 200)
  declare name?: string;
}
