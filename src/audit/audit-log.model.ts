import { ArgsType, Field, GraphQLISODateTime, ID, InputType, ObjectType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsOptional, Length, ValidateNested } from 'class-validator';
import { Connection, PageArgs } from '../common/graphql/pagination';
import { MemberModel } from '../members/member.model';

@ObjectType('AuditEntry', { description: 'Who changed what, when, with the record before and after' })
export class AuditEntryModel {
  @Field(() => ID)
  id!: string;

  @Field(() => GraphQLISODateTime)
  at!: Date;

  @Field({ description: 'Name and email at the time, or "system"; pseudonymised when the member is erased' })
  actorLabel!: string;

  @Field(() => MemberModel, { nullable: true })
  actor?: MemberModel | null;

  @Field({ description: 'e.g. consultation.register, conflict.acknowledge' })
  action!: string;

  @Field()
  entityType!: string;

  @Field()
  entityId!: string;

  @Field(() => String, { nullable: true, description: 'JSON of the record before the change' })
  before!: string | null;

  @Field(() => String, { nullable: true, description: 'JSON of the record after the change' })
  after!: string | null;

  actorId!: string | null;
}

@ObjectType()
export class AuditEntryConnection extends Connection(AuditEntryModel, 'AuditEntry') {}

@InputType()
export class AuditFilter {
  @Field({ nullable: true, description: 'e.g. consultation, conflict, member' })
  @IsOptional()
  @Length(1, 64)
  entityType?: string;

  @Field({ nullable: true })
  @IsOptional()
  @Length(1, 64)
  entityId?: string;

  @Field({ nullable: true, description: 'Actions starting with this, e.g. "consultation."' })
  @IsOptional()
  @Length(1, 64)
  action?: string;

  @Field({ nullable: true, description: 'Changes made by the member with this email' })
  @IsOptional()
  @Length(3, 320)
  actorEmail?: string;

  @Field(() => GraphQLISODateTime, { nullable: true })
  @IsOptional()
  since?: Date;

  @Field(() => GraphQLISODateTime, { nullable: true })
  @IsOptional()
  until?: Date;
}

@ArgsType()
export class AuditLogArgs extends PageArgs {
  @Field(() => AuditFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => AuditFilter)
  filter?: AuditFilter;
}
