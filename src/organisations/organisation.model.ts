import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ORGANISATION_KINDS, OrganisationEntity, OrganisationKind } from './organisation.entity';

export const OrganisationKindEnum = Object.fromEntries(ORGANISATION_KINDS.map((k) => [k, k])) as Record<OrganisationKind, OrganisationKind>;
registerEnumType(OrganisationKindEnum, { name: 'OrganisationKind' });

@ObjectType('Organisation', { description: 'A member body of the Consultation Network' })
export class OrganisationModel {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'Short stable code, e.g. SCC' })
  code!: string;

  @Field()
  name!: string;

  @Field(() => OrganisationKindEnum)
  kind!: OrganisationKind;

  @Field({ description: 'Whether its consultations are on the public forward look when registered without saying (`public`)' })
  publicByDefault!: boolean;
}

export function mapOrganisation(entity: OrganisationEntity): OrganisationModel {
  return { id: entity.id, code: entity.code, name: entity.name, kind: entity.kind, publicByDefault: entity.publicByDefault };
}
