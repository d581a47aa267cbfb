import { Field, InputType } from '@nestjs/graphql';
import { IsEmail, IsIn, IsOptional, Length, MaxLength } from 'class-validator';
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
