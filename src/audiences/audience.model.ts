import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { AUDIENCE_KINDS, AUDIENCE_REACHES, AudienceEntity, AudienceKind, AudienceReach } from './audience.entity';

export const AudienceKindEnum = Object.fromEntries(AUDIENCE_KINDS.map((k) => [k, k])) as Record<AudienceKind, AudienceKind>;
registerEnumType(AudienceKindEnum, {
  name: 'AudienceKind',
  valuesMap: { GROUP: { description: 'A group of people, e.g. young people' }, PANEL: { description: 'A named pool of people, e.g. a citizens panel' } },
});

export const AudienceReachEnum = Object.fromEntries(AUDIENCE_REACHES.map((r) => [r, r])) as Record<AudienceReach, AudienceReach>;
registerEnumType(AudienceReachEnum, {
  name: 'AudienceReach',
  description: 'Whom an exercise asking this audience reaches: what makes two at once a burden (see the clash rules)',
  valuesMap: {
    ALL_ASKED: { description: 'Every member is contacted: a panel, the parish and town councils, the voluntary sector on the network\'s lists, staff' },
    GROUP: { description: 'A specific group, partly reached: young people, older people, patients, tenants…' },
    GENERAL: { description: 'The public at large: residents, businesses. Two exercises rarely reach the same person' },
  },
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

  @Field(() => AudienceReachEnum)
  reach!: AudienceReach;

  parentId!: string | null;
}

export function mapAudience(entity: AudienceEntity): AudienceModel {
  return { id: entity.id, code: entity.code, name: entity.name, kind: entity.kind, reach: entity.reach, parentId: entity.parentId };
}
