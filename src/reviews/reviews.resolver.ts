import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import DataLoader from 'dataloader';
import { CurrentCaller } from '../auth/auth.decorators';
import { Caller } from '../auth/caller';
import { Loaders, LOADERS } from '../common/graphql/loaders';
import { perRequestLoader } from '../common/graphql/per-request';
import { ConsultationModel, mapConsultation } from '../consultations/consultation.model';
import { ConsultationsRepository } from '../consultations/consultations.repository';
import { MemberModel } from '../members/member.model';
import { ConsultationReviewModel, mapReview, ReviewDecisionModel } from './review.model';
import { ReviewConsultationArgs } from './review.inputs';
import { MAX_REVIEW_QUEUE } from './review-reads';
import { ReviewsService } from './reviews.service';

@Resolver(() => ConsultationModel)
export class ConsultationReviewResolver {
  constructor(private readonly service: ReviewsService) {}

  @Query(() => [ConsultationReviewModel], {
    description: `COORDINATOR only: the PLANNED consultations the network's settings send to review and not yet agreed (AWAITING, or CHANGES_REQUESTED), with why each needs it, the soonest start first; at most ${MAX_REVIEW_QUEUE}`,
  })
  async reviewQueue(@CurrentCaller() caller: Caller): Promise<ConsultationReviewModel[]> {
    return (await this.service.queue(caller)).map(mapReview);
  }

  @Mutation(() => ConsultationReviewModel, {
    description: 'COORDINATOR only: agree to a PLANNED consultation\'s launch, or ask for changes with a note the owning organisation sees (it stays blocked). Audited',
  })
  async reviewConsultation(@CurrentCaller() caller: Caller, @Args() args: ReviewConsultationArgs): Promise<ConsultationReviewModel> {
    return mapReview(await this.service.review(caller, args));
  }

  @ResolveField(() => ConsultationReviewModel, {
    nullable: true,
    description: "Network review of a DRAFT or PLANNED plan: whether it needs the coordinator's agreement before launch, why, and the latest decision with its note. The owning organisation and coordinators see it; null for others",
  })
  async review(@Parent() c: ConsultationModel, @CurrentCaller() caller: Caller, @Context() context: object): Promise<ConsultationReviewModel | null> {
    const loader = perRequestLoader(context, 'consultationReview', () => new DataLoader<ConsultationModel, ConsultationReviewModel | null, string>(
      async (consultations) => {
        const found = await this.service.visibleTo(caller, consultations);
        return consultations.map((k) => (found.has(k.id) ? mapReview(found.get(k.id)!) : null));
      },
      { cacheKeyFn: (k) => k.id },
    ));
    return loader.load(c);
  }
}

@Resolver(() => ConsultationReviewModel)
export class ReviewFieldsResolver {
  constructor(private readonly repository: ConsultationsRepository) {}

  @ResolveField(() => ConsultationModel, { nullable: true })
  async consultation(@Parent() r: ConsultationReviewModel, @CurrentCaller() caller: Caller, @Context() context: object): Promise<ConsultationModel | null> {
    const loader = perRequestLoader(context, 'reviewedConsultation', () => new DataLoader<string, ConsultationModel | null>(async (ids) => {
      const found = new Map((await this.repository.findVisibleByIds(ids, caller.organisationId)).map((c) => [c.id, mapConsultation(c)]));
      return ids.map((id) => found.get(id) ?? null);
    }));
    return loader.load(r.consultationId);
  }
}

@Resolver(() => ReviewDecisionModel)
export class ReviewDecisionResolver {
  @ResolveField(() => MemberModel, { nullable: true })
  reviewedBy(@Parent() d: ReviewDecisionModel, @Context(LOADERS) loaders: Loaders): Promise<MemberModel> {
    return loaders.member.load(d.reviewedById);
  }
}
