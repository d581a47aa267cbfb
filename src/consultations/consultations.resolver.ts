import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { AreaModel } from '../areas/area.model';
import { AudienceModel } from '../audiences/audience.model';
import { CurrentCaller } from '../auth/auth.decorators';
import { Caller } from '../auth/caller';
import { Loaders, loadFound, LOADERS } from '../common/graphql/loaders';
import { toConnection } from '../common/graphql/pagination';
import { MemberModel } from '../members/member.model';
import { mapOrganisation, OrganisationModel } from '../organisations/organisation.model';
import { ConsultationInput, ConsultationsArgs, ConsultationUpdateInput } from './consultation.inputs';
import { ConsultationConnection, ConsultationModel, mapConsultation } from './consultation.model';
import { consultationCursor } from './consultations.repository';
import { ConsultationsService } from './consultations.service';

@Resolver(() => ConsultationModel)
export class ConsultationsResolver {
  constructor(private readonly service: ConsultationsService) {}

  @Query(() => ConsultationModel)
  async consultation(@CurrentCaller() caller: Caller, @Args('id', { type: () => ID }) id: string): Promise<ConsultationModel> {
    return mapConsultation(await this.service.get(caller, id));
  }

  @Query(() => ConsultationConnection, { description: 'Visible consultations by start date, filtered and cursor-paginated' })
  async consultations(@CurrentCaller() caller: Caller, @Args() args: ConsultationsArgs, @Context(LOADERS) loaders: Loaders): Promise<ConsultationConnection> {
    const page = await this.service.page(caller, args.filter, args.first, args.after);
    for (const node of page.nodes) if (node.organisation) loaders.organisation.prime(node.organisationId, mapOrganisation(node.organisation));
    return toConnection({ ...page, nodes: page.nodes.map(mapConsultation) }, consultationCursor);
  }

  @Mutation(() => ConsultationModel)
  async registerConsultation(@CurrentCaller() caller: Caller, @Args('input') input: ConsultationInput): Promise<ConsultationModel> {
    return mapConsultation(await this.service.register(caller, input));
  }

  @Mutation(() => ConsultationModel)
  async updateConsultation(
    @CurrentCaller() caller: Caller,
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: ConsultationUpdateInput,
  ): Promise<ConsultationModel> {
    return mapConsultation(await this.service.update(caller, id, input));
  }

  @Mutation(() => ConsultationModel)
  async cancelConsultation(@CurrentCaller() caller: Caller, @Args('id', { type: () => ID }) id: string): Promise<ConsultationModel> {
    return mapConsultation(await this.service.cancel(caller, id));
  }

  @ResolveField(() => OrganisationModel)
  organisation(@Parent() c: ConsultationModel, @Context(LOADERS) loaders: Loaders): Promise<OrganisationModel> {
    return loaders.organisation.load(c.organisationId);
  }

  @ResolveField(() => [AreaModel])
  async areas(@Parent() c: ConsultationModel, @Context(LOADERS) loaders: Loaders): Promise<AreaModel[]> {
    return loadFound(loaders.area, c.areaIds);
  }

  @ResolveField(() => [AudienceModel])
  async audiences(@Parent() c: ConsultationModel, @Context(LOADERS) loaders: Loaders): Promise<AudienceModel[]> {
    return loadFound(loaders.audience, c.audienceIds);
  }

  @ResolveField(() => MemberModel, { nullable: true })
  async leadOfficer(@Parent() c: ConsultationModel, @Context(LOADERS) loaders: Loaders): Promise<MemberModel | null> {
    return c.leadOfficerId ? loaders.member.load(c.leadOfficerId) : null;
  }
}
