import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentCaller, Roles } from '../auth/auth.decorators';
import { Caller } from '../auth/caller';
import { Loaders, LOADERS } from '../common/graphql/loaders';
import { CreateAudienceInput, UpdateAudienceInput } from './audience.inputs';
import { AudienceModel, mapAudience } from './audience.model';
import { AudiencesService } from './audiences.service';

@Resolver(() => AudienceModel)
export class AudiencesResolver {
  constructor(private readonly service: AudiencesService) {}

  @Query(() => [AudienceModel], { description: 'The audience taxonomy and panels, by name' })
  async audiences(): Promise<AudienceModel[]> {
    return (await this.service.list()).map(mapAudience);
  }

  @Roles('COORDINATOR')
  @Mutation(() => AudienceModel)
  async createAudience(@CurrentCaller() caller: Caller, @Args('input') input: CreateAudienceInput): Promise<AudienceModel> {
    return mapAudience(await this.service.create(caller, input));
  }

  @Roles('COORDINATOR')
  @Mutation(() => AudienceModel, { description: 'Renames an audience or panel, or changes whom it reaches (reach); a new reach grades the clashes of the consultations asking it again. Audited' })
  async updateAudience(@CurrentCaller() caller: Caller, @Args('code') code: string, @Args('input') input: UpdateAudienceInput): Promise<AudienceModel> {
    return mapAudience(await this.service.update(caller, code, input));
  }

  @ResolveField(() => AudienceModel, { nullable: true })
  async parent(@Parent() audience: AudienceModel, @Context(LOADERS) loaders: Loaders): Promise<AudienceModel | null> {
    return audience.parentId ? loaders.audience.load(audience.parentId) : null;
  }
}
