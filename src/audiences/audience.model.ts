import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { AUDIENCE_KINDS, AudienceEntity, AudienceKind } from './audience.entity';

export const AudienceKindEnum = Object.fromEntries(AUDIENCE_KINDS.map((k) => [k, k])) as Record<AudienceKind, AudienceKind>;
registerEnumType(AudienceKindEnum, {
  name: 'AudienceKind',
  valuesMap: { GROUP: { description: 'A group of people, e.g. young people' }, PANEL: { description: 'A named pool of people, e.g. a citizens panel' } },
});

@ObjectType('Audience', { description: 'Who is asked; audiences form a hierarchy' })
export class AudienceModel {
  @Field(() => ID)
  id!: string;

  @Field()
  code!: string;

  @Field()
  name!: string;

  @Field(() => AudienceKindEnum)
  kind!: AudienceKind;

  parentId!: string | null;
}

export function mapAudience(entity: AudienceEntity): AudienceModel {
  return { id: entity.id, code: entity.code, name: entity.name, kind: entity.kind, parentId: entity.parentId };
}
