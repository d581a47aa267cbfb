import { ArgsType, Field, ID } from '@nestjs/graphql';
import { IsBoolean, IsOptional, Matches, MaxLength } from 'class-validator';

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
