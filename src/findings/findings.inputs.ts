import { ArgsType, Field, InputType, Int } from '@nestjs/graphql';
import { ArrayMaxSize, IsInt, IsOptional, IsUrl, Length, Matches, Max, MaxLength, Min } from 'class-validator';
import { CalendarDateScalar } from '../common/graphql/calendar-date.scalar';
import { LIMITS as CONSULTATION_LIMITS } from '../consultations/consultation.inputs';

// The limits, also listed in the README.
export const FINDINGS_LIMITS = {
  summary: 5000,
  statement: 5000,
  decision: 2000,
  url: 2000,
  responseCount: 10_000_000,
  searchResults: 50,
} as const;

const WEB_ADDRESS = { protocols: ['http', 'https'], require_protocol: true };

@InputType({ description: 'What a closed consultation found. Recording again replaces what was recorded.' })
export class FindingsInput {
  @Field(() => Int, { description: 'How many responses it received' })
  @IsInt()
  @Min(0)
  @Max(FINDINGS_LIMITS.responseCount)
  responseCount!: number;

  @Field({ description: `What was heard, in plain text: 1–${FINDINGS_LIMITS.summary} characters` })
  @MaxLength(FINDINGS_LIMITS.summary)
  @Matches(/\S/, { message: 'summary must not be empty' })
  summary!: string;

  @Field({ nullable: true, description: 'The published report (http or https)' })
  @IsOptional()
  @MaxLength(FINDINGS_LIMITS.url)
  @IsUrl(WEB_ADDRESS, { message: 'reportUrl must be a web address starting http:// or https://' })
  reportUrl?: string;

  @Field({ nullable: true, description: 'The published data (http or https)' })
  @IsOptional()
  @MaxLength(FINDINGS_LIMITS.url)
  @IsUrl(WEB_ADDRESS, { message: 'dataUrl must be a web address starting http:// or https://' })
  dataUrl?: string;

  @Field({ nullable: true, description: `The decision it informed: up to ${FINDINGS_LIMITS.decision} characters` })
  @IsOptional()
  @MaxLength(FINDINGS_LIMITS.decision)
  decision?: string;

  @Field(() => CalendarDateScalar, { nullable: true, description: 'When that decision was taken' })
  @IsOptional()
  decisionDate?: string;
}

@ArgsType()
export class FindingsSearchArgs {
  @Field({ nullable: true, description: 'Words, stemmed as English ("libraries" finds "library"); quotes for a phrase, - to exclude' })
  @IsOptional()
  @Length(1, CONSULTATION_LIMITS.filterText)
  text?: string;

  @Field(() => [String], { nullable: true, description: 'Sharing territory with any of these areas (through the hierarchy)' })
  @IsOptional()
  @ArrayMaxSize(CONSULTATION_LIMITS.areaCodes)
  @MaxLength(CONSULTATION_LIMITS.codeLength, { each: true })
  areaCodes?: string[];

  @Field(() => [String], { nullable: true, description: 'Reaching any of these audiences (through the hierarchy)' })
  @IsOptional()
  @ArrayMaxSize(CONSULTATION_LIMITS.audienceCodes)
  @MaxLength(CONSULTATION_LIMITS.codeLength, { each: true })
  audienceCodes?: string[];

  @Field(() => CalendarDateScalar, { nullable: true, description: 'Consultations that ended on or after this date; default FINDINGS_LOOKAROUND_MONTHS before today' })
  @IsOptional()
  from?: string;

  @Field(() => CalendarDateScalar, { nullable: true, description: 'Consultations that started on or before this date; default today' })
  @IsOptional()
  to?: string;

  @Field(() => Int, { defaultValue: 20, description: `1–${FINDINGS_LIMITS.searchResults}` })
  @IsInt()
  @Min(1)
  @Max(FINDINGS_LIMITS.searchResults)
  first!: number;
}
