import { Field, GraphQLISODateTime, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ConsultationModel } from '../consultations/consultation.model';
import { MemberModel } from '../members/member.model';
import { ConsultationReview } from './review-reads';
import { REVIEW_REASON_KINDS, REVIEW_STATUSES, ReviewReasonKind, ReviewStatus } from './review.rules';

const enumOf = <T extends string>(values: readonly T[]) => Object.fromEntries(values.map((v) => [v, v])) as Record<T, T>;
export const ReviewStatusEnum = enumOf(REVIEW_STATUSES);
registerEnumType(ReviewStatusEnum, {
  name: 'ReviewStatus',
  description:
    "NOT_NEEDED: the network's settings ask no review of it. AWAITING: it needs the coordinator's agreement before launch (not reviewed yet, or changed since so that the decision no longer covers it). CHANGES_REQUESTED: the coordinator asked for changes (see decision.note); editing the plan sends it back to AWAITING. AGREED: it may launch",
});
export const ReviewReasonKindEnum = enumOf(REVIEW_REASON_KINDS);
registerEnumType(ReviewReasonKindEnum, { name: 'ReviewReasonKind', description: 'PANEL_USE: it asks an ALL_ASKED audience (REVIEW_PANEL_USE). UNACKNOWLEDGED_HIGH: it has unacknowledged HIGH clashes (REVIEW_UNACKNOWLEDGED_HIGH)' });

@ObjectType('ReviewReason', { description: 'Why a plan needs the network coordinator’s agreement before launch' })
export class ReviewReasonModel {
  @Field(() => ReviewReasonKindEnum)
  kind!: ReviewReasonKind;

  @Field()
  explanation!: string;
}

@ObjectType('ReviewDecision', { description: "The network coordinator's latest decision (reviewConsultation)" })
export class ReviewDecisionModel {
  @Field()
  agree!: boolean;

  @Field({ description: 'What was agreed, or what to change' })
  note!: string;

  @Field(() => GraphQLISODateTime)
  reviewedAt!: Date;

  @Field(() => MemberModel, { nullable: true })
  reviewedBy?: MemberModel | null;

  reviewedById!: string;
}

@ObjectType('ConsultationReview', { description: "Where a plan stands in network review: whether it needs the coordinator's agreement before launch, why, and the latest decision" })
export class ConsultationReviewModel {
  @Field(() => ConsultationModel, { nullable: true })
  consultation?: ConsultationModel | null;

  @Field(() => ReviewStatusEnum)
  status!: ReviewStatus;

  @Field(() => [ReviewReasonModel], { description: 'Empty when NOT_NEEDED' })
  reasons!: ReviewReasonModel[];

  @Field(() => ReviewDecisionModel, { nullable: true, description: 'The latest decision, whether or not it still stands (status says)' })
  decision!: ReviewDecisionModel | null;

  consultationId!: string;
}

export function mapReview(r: ConsultationReview): ConsultationReviewModel {
  return {
    consultationId: r.consultationId,
    status: r.status,
    reasons: r.reasons.map(({ kind, explanation }) => ({ kind, explanation })),
    decision: r.latest && { agree: r.latest.agree, note: r.latest.note, reviewedAt: r.latest.reviewedAt, reviewedById: r.latest.reviewedById },
  };
}
