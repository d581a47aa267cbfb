import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { OrganisationModel } from '../organisations/organisation.model';
import { MEMBER_ROLES, MemberEntity, MemberRole } from './member.entity';

export const MemberRoleEnum = Object.fromEntries(MEMBER_ROLES.map((r) => [r, r])) as Record<MemberRole, MemberRole>;
registerEnumType(MemberRoleEnum, { name: 'MemberRole' });

@ObjectType('Member', { description: 'A person in a member organisation' })
export class MemberModel {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field()
  email!: string;

  // role, active and digestEnabled are fields of MembersResolver: only some callers see them.
  role!: MemberRole;

  active!: boolean;

  digestEnabled!: boolean;

  @Field(() => OrganisationModel)
  organisation?: OrganisationModel;

  organisationId!: string;
}

@ObjectType()
export class CreateMemberPayload {
  @Field(() => MemberModel)
  member!: MemberModel;

  @Field({ description: 'Shown once: only its hash is kept' })
  apiKey!: string;
}

export function mapMember(entity: MemberEntity): MemberModel {
  return {
    id: entity.id,
    name: entity.name,
    email: entity.email,
    role: entity.role,
    active: entity.active,
    digestEnabled: entity.digestEnabled,
    organisationId: entity.organisationId,
  };
}
