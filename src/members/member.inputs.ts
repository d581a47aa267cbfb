import { Field, InputType, Int } from '@nestjs/graphql';
import { IsBoolean, IsEmail, IsIn, IsInt, IsOptional, Length, Max, MaxLength, Min } from 'class-validator';
import { NameChange } from '../common/graphql/name-change.input';
import { MEMBER_ROLES, MemberRole } from './member.entity';
import { MemberRoleEnum } from './member.model';

@InputType()
export class CreateMemberInput {
  @Field()
  @Length(1, 32)
  organisationCode!: string;

  @Field({ description: 'Up to 320 characters' })
  @MaxLength(320)
  @IsEmail({}, { message: 'email must be an email address' })
  email!: string;

  @Field({ nullable: true, description: '1–200 characters; defaults to the part of the email before @' })
  @IsOptional()
  @Length(1, 200)
  name?: string;

  @Field(() => MemberRoleEnum)
  @IsIn(MEMBER_ROLES)
  role!: MemberRole;
}

/** The most members one `members` query lists. */
export const MAX_MEMBERS_LISTED = 1000;

@InputType({ description: 'Which members to list; all active members of the network by default' })
export class MemberFilter {
  @Field({ nullable: true, description: 'Only this organisation’s' })
  @IsOptional()
  @Length(1, 32)
  organisationCode?: string;

  @Field({ nullable: true, description: 'Words in the name or email' })
  @IsOptional()
  @MaxLength(200)
  text?: string;

  @Field({ nullable: true, description: 'Include deactivated (and erased) members' })
  @IsOptional()
  @IsBoolean()
  includeInactive?: boolean;

  @Field(() => Int, { nullable: true, description: `At most this many, 1 to ${MAX_MEMBERS_LISTED} (default 200)` })
  @IsOptional()
  @IsInt()
  @Min(1, { message: `first must be from 1 to ${MAX_MEMBERS_LISTED}` })
  @Max(MAX_MEMBERS_LISTED, { message: `first must be from 1 to ${MAX_MEMBERS_LISTED}` })
  first?: number;
}

@InputType({ description: 'What to change about a member; fields left out keep their value' })
export class UpdateMemberInput extends NameChange {
  @Field(() => MemberRoleEnum, { nullable: true })
  @IsOptional()
  @IsIn(MEMBER_ROLES)
  role?: MemberRole;

  @Field({ nullable: true, description: 'Moves them to another organisation; what they registered stays with the old one' })
  @IsOptional()
  @Length(1, 32)
  organisationCode?: string;
}
