import { ArgsType, Field, ID, Int } from '@nestjs/graphql';
import { IsInt, Max, Min } from 'class-validator';
import { MAX_PROTECTION_DAYS } from '../conflicts/clash-rules';

@ArgsType()
export class ProtectConsultationArgs {
  @Field(() => ID)
  id!: string;

  @Field(() => Int, { description: `Days before its start kept clear too (0 to ${MAX_PROTECTION_DAYS})` })
  @IsInt()
  @Min(0)
  @Max(MAX_PROTECTION_DAYS)
  daysBefore!: number;

  @Field(() => Int, { description: `Days after its end kept clear too (0 to ${MAX_PROTECTION_DAYS})` })
  @IsInt()
  @Min(0)
  @Max(MAX_PROTECTION_DAYS)
  daysAfter!: number;
}
