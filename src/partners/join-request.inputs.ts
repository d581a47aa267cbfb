import { ArgsType, Field, ID } from '@nestjs/graphql';
import { IsBoolean, IsOptional, Matches, MaxLength, MinLength } from 'class-validator';

// The limits, also listed in the README.
export const JOIN_REQUEST_LIMITS = { note: 2000 } as const;

@ArgsType()
export class RequestToJoinArgs {
  @Field(() => ID, { description: "The other organisation's registered consultation to join" })
  consultationId!: string;

  @Field({ description: `What your organisation wants to ask, in plain text: 1–${JOIN_REQUEST_LIMITS.note} characters` })
  @MaxLength(JOIN_REQUEST_LIMITS.note)
  @Matches(/\S/, { message: 'note must not be empty' })
  note!: string;

  @Field(() => ID, { nullable: true, description: "Your organisation's own plan for the same people, which joining replaces or becomes part of" })
  @IsOptional()
  ownConsultationId?: string;

  @Field({
    defaultValue: false,
    description: 'On acceptance, cancel ownConsultationId with the reason "joined <title>" (true) rather than keep it as a linked part (false)',
  })
  @IsBoolean()
  cancelOwn!: boolean;
}

@ArgsType()
export class AnswerJoinRequestArgs {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'true makes the asking organisation a partner; false declines' })
  @IsBoolean()
  accept!: boolean;

  @Field({ nullable: true, description: `A word back to the asking organisation: up to ${JOIN_REQUEST_LIMITS.note} characters` })
  @IsOptional()
  @MaxLength(JOIN_REQUEST_LIMITS.note)
  note?: string;
}

@ArgsType()
export class WithdrawJoinRequestArgs {
  @Field(() => ID, { description: "Your organisation's PENDING request" })
  id!: string;

  @Field({ nullable: true, description: `Why, for the owning organisation: up to ${JOIN_REQUEST_LIMITS.note} characters` })
  @IsOptional()
  @MaxLength(JOIN_REQUEST_LIMITS.note)
  note?: string;
}

@ArgsType()
export class LeavePartnershipArgs {
  @Field(() => ID, { description: 'The joint consultation your organisation is a partner in' })
  consultationId!: string;

  @Field({ nullable: true, description: `Why, for the owning organisation: up to ${JOIN_REQUEST_LIMITS.note} characters` })
  @IsOptional()
  @MaxLength(JOIN_REQUEST_LIMITS.note)
  note?: string;
}

@ArgsType()
export class RemovePartnerArgs {
  @Field(() => ID, { description: "Your organisation's joint consultation" })
  consultationId!: string;

  @Field({ description: 'The partner organisation\'s code, as ConsultationPartner.organisation.code' })
  @MinLength(1)
  @MaxLength(100)
  organisationCode!: string;

  @Field({ nullable: true, description: `Why, for the partner: up to ${JOIN_REQUEST_LIMITS.note} characters` })
  @IsOptional()
  @MaxLength(JOIN_REQUEST_LIMITS.note)
  note?: string;
}
