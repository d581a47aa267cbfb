import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentCaller, Roles } from '../auth/auth.decorators';
import { Caller } from '../auth/caller';
import { CreateOrganisationInput, UpdateOrganisationInput } from './organisation.inputs';
import { mapOrganisation, OrganisationModel } from './organisation.model';
import { OrganisationsService } from './organisations.service';

@Resolver(() => OrganisationModel)
export class OrganisationsResolver {
  constructor(private readonly service: OrganisationsService) {}

  @Query(() => [OrganisationModel], { description: 'The network member bodies, by name' })
  async organisations(): Promise<OrganisationModel[]> {
    return (await this.service.list()).map(mapOrganisation);
  }

  @Roles('COORDINATOR')
  @Mutation(() => OrganisationModel)
  async createOrganisation(@CurrentCaller() caller: Caller, @Args('input') input: CreateOrganisationInput): Promise<OrganisationModel> {
    return mapOrganisation(await this.service.create(caller, input));
  }

  @Roles('COORDINATOR')
  @Mutation(() => OrganisationModel, { description: 'Renames an organisation, changes its kind or whether its consultations are public by default' })
  async updateOrganisation(@CurrentCaller() caller: Caller, @Args('code') code: string, @Args('input') input: UpdateOrganisationInput): Promise<OrganisationModel> {
    return mapOrganisation(await this.service.update(caller, code, input));
  }
}
