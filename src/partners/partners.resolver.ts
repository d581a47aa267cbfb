import { Args, Context, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import DataLoader from 'dataloader';
import { CurrentCaller } from '../auth/auth.decorators';
import { Caller } from '../auth/caller';
import { Loaders, LOADERS } from '../common/graphql/loaders';
import { perRequestLoader } from '../common/graphql/per-request';
import { ConsultationModel, mapConsultation } from '../consultations/consultation.model';
import { ConsultationsRepository } from '../consultations/consultations.repository';
import { MemberModel } from '../members/member.model';
import { OrganisationModel } from '../organisations/organisation.model';
import { JoinRequestEntity } from './join-request.entity';
import { AnswerJoinRequestArgs, LeavePartnershipArgs, RemovePartnerArgs, RequestToJoinArgs, WithdrawJoinRequestArgs } from './join-request.inputs';
import { ConsultationPartnerModel, JoinRequestModel, mapJoinRequest, mapPartner } from './join-request.model';
import { JoinRequestsService } from './join-requests.service';

/** Rows of many consultations, grouped by consultation in one query (relation fields on a page). */
function groupedLoader(context: object, name: string, fetch: (ids: readonly string[]) => Promise<JoinRequestEntity[]>): DataLoader<string, JoinRequestEntity[]> {
  return perRequestLoader(context, name, () => new DataLoader<string, JoinRequestEntity[]>(async (ids) => {
    const rows = await fetch(ids);
    return ids.map((id) => rows.filter((r) => r.consultationId === id));
  }));
}

/** Consultations by id as the caller may see them: one another organisation keeps as a draft is null. */
function visibleLoader(context: object, caller: Caller, repository: ConsultationsRepository): DataLoader<string, ConsultationModel | null> {
  return perRequestLoader(context, 'visibleConsultation', () => new DataLoader<string, ConsultationModel | null>(async (ids) => {
    const found = new Map((await repository.findVisibleByIds(ids, caller.organisationId)).map((c) => [c.id, mapConsultation(c)]));
    return ids.map((id) => found.get(id) ?? null);
  }));
}

@Resolver(() => ConsultationModel)
export class ConsultationPartnersResolver {
  constructor(private readonly service: JoinRequestsService) {}

  @Mutation(() => JoinRequestModel, {
    description:
      "Asks to join another organisation's PLANNED or LIVE consultation with a note of what your organisation wants to ask; its officers are told by email. Naming your own plan for the same people (ownConsultationId) keeps it as a linked part on acceptance, or cancels it as \"joined <title>\" with cancelOwn",
  })
  async requestToJoin(@CurrentCaller() caller: Caller, @Args() args: RequestToJoinArgs): Promise<JoinRequestModel> {
    return mapJoinRequest(await this.service.request(caller, args));
  }

  @Mutation(() => JoinRequestModel, { description: "The owning organisation accepts (the asking organisation becomes a partner) or declines a PENDING request; the member who asked is told by email" })
  async answerJoinRequest(@CurrentCaller() caller: Caller, @Args() args: AnswerJoinRequestArgs): Promise<JoinRequestModel> {
    return mapJoinRequest(await this.service.answer(caller, args));
  }

  @Mutation(() => JoinRequestModel, { description: "The asking organisation withdraws its PENDING request (WITHDRAWN); the owning organisation's officers are told by email. Audited" })
  async withdrawJoinRequest(@CurrentCaller() caller: Caller, @Args() args: WithdrawJoinRequestArgs): Promise<JoinRequestModel> {
    return mapJoinRequest(await this.service.withdraw(caller, args));
  }

  @Mutation(() => JoinRequestModel, {
    description:
      "A partner organisation leaves a joint consultation (its request becomes LEFT): it no longer sees it while a draft, and its linked part is checked for clashes with it again. The owning organisation's officers are told by email. Audited",
  })
  async leavePartnership(@CurrentCaller() caller: Caller, @Args() args: LeavePartnershipArgs): Promise<JoinRequestModel> {
    return mapJoinRequest(await this.service.leave(caller, args));
  }

  @Mutation(() => JoinRequestModel, {
    description:
      "The owning organisation ends a partner's part (its request becomes REMOVED): as leavePartnership, and the partner organisation's officers are told by email. Audited",
  })
  async removePartner(@CurrentCaller() caller: Caller, @Args() args: RemovePartnerArgs): Promise<JoinRequestModel> {
    return mapJoinRequest(await this.service.removePartner(caller, args));
  }

  @ResolveField(() => [ConsultationPartnerModel], { description: 'The organisations whose requests to join were accepted, oldest first' })
  async partners(@Parent() c: ConsultationModel, @Context() context: object): Promise<ConsultationPartnerModel[]> {
    return (await groupedLoader(context, 'partners', (ids) => this.service.partnersOf(ids)).load(c.id)).map(mapPartner);
  }

  @ResolveField(() => [JoinRequestModel], { description: "Requests to join it, oldest first: the owning organisation sees all, an asking organisation its own, others none" })
  async joinRequests(@Parent() c: ConsultationModel, @CurrentCaller() caller: Caller, @Context() context: object): Promise<JoinRequestModel[]> {
    const all = await groupedLoader(context, 'joinRequests', (ids) => this.service.requestsFor(ids)).load(c.id);
    const mine = c.organisationId === caller.organisationId;
    return all.filter((r) => mine || r.organisationId === caller.organisationId).map(mapJoinRequest);
  }

  @ResolveField(() => String, { nullable: true, description: 'Why it was cancelled, where the service knows: "joined <title>" when cancelled on joining another organisation\'s consultation' })
  async cancellationReason(@Parent() c: ConsultationModel, @Context() context: object): Promise<string | null> {
    if (c.status !== 'CANCELLED') return null;
    const loader = perRequestLoader(context, 'cancellationReason', () => new DataLoader<string, string | null>(async (ids) => {
      const reasons = await this.service.cancellationReasons(ids);
      return ids.map((id) => reasons.get(id) ?? null);
    }));
    return loader.load(c.id);
  }
}

@Resolver(() => JoinRequestModel)
export class JoinRequestResolver {
  constructor(private readonly repository: ConsultationsRepository) {}

  @ResolveField(() => ConsultationModel, { nullable: true, description: 'The consultation asked to join (null if it went back to a draft you may not see)' })
  consultation(@Parent() r: JoinRequestModel, @CurrentCaller() caller: Caller, @Context() context: object): Promise<ConsultationModel | null> {
    return visibleLoader(context, caller, this.repository).load(r.consultationId);
  }

  @ResolveField(() => ConsultationModel, { nullable: true })
  async ownConsultation(@Parent() r: JoinRequestModel, @CurrentCaller() caller: Caller, @Context() context: object): Promise<ConsultationModel | null> {
    return r.ownConsultationId ? visibleLoader(context, caller, this.repository).load(r.ownConsultationId) : null;
  }

  @ResolveField(() => OrganisationModel)
  organisation(@Parent() r: JoinRequestModel, @Context(LOADERS) loaders: Loaders): Promise<OrganisationModel> {
    return loaders.organisation.load(r.organisationId);
  }

  @ResolveField(() => MemberModel, { nullable: true })
  requestedBy(@Parent() r: JoinRequestModel, @Context(LOADERS) loaders: Loaders): Promise<MemberModel> {
    return loaders.member.load(r.requestedById);
  }

  @ResolveField(() => MemberModel, { nullable: true })
  async answeredBy(@Parent() r: JoinRequestModel, @Context(LOADERS) loaders: Loaders): Promise<MemberModel | null> {
    return r.answeredById ? loaders.member.load(r.answeredById) : null;
  }

  @ResolveField(() => MemberModel, { nullable: true })
  async endedBy(@Parent() r: JoinRequestModel, @Context(LOADERS) loaders: Loaders): Promise<MemberModel | null> {
    return r.endedById ? loaders.member.load(r.endedById) : null;
  }
}

@Resolver(() => ConsultationPartnerModel)
export class ConsultationPartnerResolver {
  constructor(private readonly repository: ConsultationsRepository) {}

  @ResolveField(() => OrganisationModel)
  organisation(@Parent() p: ConsultationPartnerModel, @Context(LOADERS) loaders: Loaders): Promise<OrganisationModel> {
    return loaders.organisation.load(p.organisationId);
  }

  @ResolveField(() => ConsultationModel, { nullable: true })
  async linkedConsultation(@Parent() p: ConsultationPartnerModel, @CurrentCaller() caller: Caller, @Context() context: object): Promise<ConsultationModel | null> {
    return p.linkedConsultationId ? visibleLoader(context, caller, this.repository).load(p.linkedConsultationId) : null;
  }
}
