import { ArgsType, Field, InputType } from '@nestjs/graphql';
import { ArrayMaxSize, IsIn, IsOptional, Length, Matches } from 'class-validator';
import { CalendarDateScalar } from '../common/graphql/calendar-date.scalar';
import { NameChange } from '../common/graphql/name-change.input';
import { CODE_PATTERN } from '../organisations/organisation.inputs';
import { AREA_LEVELS, AreaLevel } from './area.entity';
import { AreaLevelEnum } from './area.model';

@InputType()
export class CreateAreaInput {
  @Field({ description: 'GSS code or custom code, 1–32 characters' })
  @Length(1, 32)
  @Matches(CODE_PATTERN, { message: 'code may contain only letters, digits, dot, dash and underscore' })
  code!: string;

  @Field({ description: '1–200 characters' })
  @Length(1, 200)
  name!: string;

  @Field(() => AreaLevelEnum)
  @IsIn(AREA_LEVELS)
  level!: AreaLevel;

  @Field({ nullable: true, description: 'The area this one lies within' })
  @IsOptional()
  @Length(1, 32)
  parentCode?: string;

  @Field(() => [String], { nullable: true, description: 'Makes a composite area: the union of these areas (up to 500)' })
  @IsOptional()
  @ArrayMaxSize(500)
  memberCodes?: string[];

  @Field(() => CalendarDateScalar, { nullable: true })
  @IsOptional()
  validFrom?: string;

  @Field(() => CalendarDateScalar, { nullable: true })
  @IsOptional()
  validTo?: string;
}

@InputType({ description: 'What to change; a field left out stays as it is. The place of an area in the tree never changes: create a new area for new boundaries' })
export class UpdateAreaInput extends NameChange {
  @Field(() => CalendarDateScalar, { nullable: true, description: 'The first day the area exists; null: always has' })
  @IsOptional()
  validFrom?: string | null;

  @Field(() => CalendarDateScalar, { nullable: true, description: 'The last day the area exists, e.g. the day before new wards take effect; null: still does' })
  @IsOptional()
  validTo?: string | null;
}

@ArgsType()
export class AreasArgs {
  @Field(() => AreaLevelEnum, { nullable: true })
  @IsOptional()
  @IsIn(AREA_LEVELS)
  level?: AreaLevel;

  @Field({ nullable: true, description: 'Only the direct children of this area' })
  @IsOptional()
  @Length(1, 32)
  parentCode?: string;

  @Field({ nullable: true, description: 'Name or code contains this text' })
  @IsOptional()
  @Length(1, 100)
  search?: string;

  @Field(() => CalendarDateScalar, { nullable: true, description: 'Only areas valid on this date' })
  @IsOptional()
  validOn?: string;
}
