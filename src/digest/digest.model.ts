import { Field, GraphQLISODateTime, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ArrayMaxSize, IsBoolean, IsOptional, Length } from 'class-validator';
import { AreaModel } from '../areas/area.model';
import { AudienceModel } from '../audiences/audience.model';
import { CalendarDateScalar } from '../common/graphql/calendar-date.scalar';
import { MemberModel } from '../members/member.model';
import { DELIVERY_STATUSES, DeliveryStatus } from './digest-deliveries';
import { DigestSection } from './digest.render';

const enumOf = <T extends string>(values: readonly T[]) => Object.fromEntries(values.map((v) => [v, v])) as Record<T, T>;
export const DigestSectionEnum = enumOf<DigestSection>(['CONFLICT', 'JOIN_REQUEST', 'REVIEW', 'RESPONSE_DUE', 'CHANGE', 'MILESTONE', 'HOT_SPOT']);
registerEnumType(DigestSectionEnum, { name: 'DigestSection' });
export const DeliveryStatusEnum = enumOf(DELIVERY_STATUSES);
registerEnumType(DeliveryStatusEnum, {
  name: 'DigestDeliveryStatus',
  description: 'PENDING → SENDING → SENT; FAILED is retried with back-off; UNCERTAIN: the sender stopped mid-send (never resent on its own); SKIPPED: opted out, or nothing to report and no all-clear wanted',
});

@ObjectType()
export class DigestItem {
  @Field(() => DigestSectionEnum)
  section!: DigestSection;

  @Field(() => ID, { nullable: true })
  consultationId!: string | null;

  @Field()
  title!: string;

  @Field()
  detail!: string;

  @Field(() => String, { nullable: true })
  url!: string | null;

  @Field(() => String, { nullable: true })
  severity!: string | null;
}

@ObjectType({ description: 'One member’s weekly digest, exactly as it would be emailed' })
export class Digest {
  @Field(() => ID)
  memberId!: string;

  @Field({ description: 'ISO week, e.g. 2026-W48' })
  week!: string;

  @Field(() => CalendarDateScalar, { description: 'Monday of the week' })
  weekStart!: string;

  @Field()
  subject!: string;

  @Field()
  text!: string;

  @Field()
  html!: string;

  @Field(() => Int, { description: 'Unacknowledged HIGH and MEDIUM clashes involving the member’s organisation, one per other consultation (the subject’s count; LOW never counts)' })
  conflictCount!: number;

  @Field({ description: 'Nothing to report this week' })
  allClear!: boolean;

  @Field(() => [DigestItem])
  items!: DigestItem[];
}

@ObjectType()
export class DigestDelivery {
  @Field(() => ID)
  id!: string;

  memberId!: string;

  @Field(() => MemberModel)
  member?: MemberModel;

  @Field()
  week!: string;

  @Field(() => DeliveryStatusEnum)
  status!: DeliveryStatus;

  @Field(() => Int)
  attempts!: number;

  @Field(() => String, { nullable: true })
  email!: string | null;

  @Field(() => String, { nullable: true })
  subject!: string | null;

  @Field(() => Int, { nullable: true })
  conflictCount!: number | null;

  @Field(() => String, { nullable: true, description: 'Why the last attempt failed, or why the digest was skipped' })
  lastError!: string | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  sentAt!: Date | null;

  @Field(() => GraphQLISODateTime)
  updatedAt!: Date;
}

@ObjectType()
export class DigestPreferences {
  @Field({ description: 'Receive the weekly digest' })
  enabled!: boolean;

  @Field({ description: 'With nothing to report: a short all-clear email (true) or no email (false)' })
  allClear!: boolean;

  @Field(() => [AreaModel], { description: 'Areas of interest; empty means the whole network' })
  areas!: AreaModel[];

  @Field(() => [AudienceModel], { description: 'Audiences of interest; empty means everyone' })
  audiences!: AudienceModel[];
}

@InputType({ description: 'Fields left out keep their value; an empty list means the whole network' })
export class DigestPreferencesInput {
  @Field({ nullable: true })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;

  @Field({ nullable: true })
  @IsOptional()
  @IsBoolean()
  allClear?: boolean;

  @Field(() => [String], { nullable: true, description: 'Up to 100 area codes' })
  @IsOptional()
  @ArrayMaxSize(100)
  @Length(1, 32, { each: true })
  areaCodes?: string[];

  @Field(() => [String], { nullable: true, description: 'Up to 50 audience codes' })
  @IsOptional()
  @ArrayMaxSize(50)
  @Length(1, 32, { each: true })
  audienceCodes?: string[];
}

@ObjectType({ description: 'How many of a week\'s digest deliveries are in one status' })
export class DigestDeliveryCount {
  @Field(() => DeliveryStatusEnum)
  status!: DeliveryStatus;

  @Field(() => Int)
  count!: number;
}
