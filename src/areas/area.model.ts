import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { CalendarDateScalar } from '../common/graphql/calendar-date.scalar';
import { AREA_LEVELS, AreaEntity, AreaLevel } from './area.entity';

export const AreaLevelEnum = Object.fromEntries(AREA_LEVELS.map((l) => [l, l])) as Record<AreaLevel, AreaLevel>;
registerEnumType(AreaLevelEnum, { name: 'AreaLevel' });

@ObjectType('Area', { description: 'A piece of geography, by ONS GSS code where it has one' })
export class AreaModel {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'ONS GSS code (e.g. E07000199) or a custom code' })
  code!: string;

  @Field()
  name!: string;

  @Field(() => AreaLevelEnum)
  level!: AreaLevel;

  @Field({ description: 'True when the area is defined as the union of other areas' })
  composite!: boolean;

  @Field(() => CalendarDateScalar, { nullable: true })
  validFrom!: string | null;

  @Field(() => CalendarDateScalar, { nullable: true })
  validTo!: string | null;

  parentId!: string | null;
}

export function mapArea(entity: AreaEntity): AreaModel {
  return {
    id: entity.id,
    code: entity.code,
    name: entity.name,
    level: entity.level,
    composite: entity.isComposite,
    validFrom: entity.validFrom,
    validTo: entity.validTo,
    parentId: entity.parentId,
  };
}
