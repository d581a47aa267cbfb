import { ArgsType, Field, ID } from '@nestjs/graphql';
import { IsBoolean, Matches, MaxLength } from 'class-validator';

// The limit, also listed in the README.
export const REVIEW_NOTE_MAX_LENGTH = 2000;

@ArgsType()
export class ReviewConsultationArgs {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'true: it may launch; false: changes are asked for, and it stays blocked' })
  @IsBoolean()
  agree!: boolean;

  @Field({ description: `What was agreed, or what to change; the owning organisation sees it (at most ${REVIEW_NOTE_MAX_LENGTH} characters)` })
  @MaxLength(REVIEW_NOTE_MAX_LENGTH)
  @Matches(/\S/, { message: 'note must not be empty' })
  note!: string;
}
