import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentCaller, Roles } from '../auth/auth.decorators';
import { Caller } from '../auth/caller';
import { Loaders, LOADERS } from '../common/graphql/loaders';
import { AreasArgs, CreateAreaInput, UpdateAreaInput } from './area.inputs';
import { AreaModel, mapArea } from './area.model';
import { AreasService } from './areas.service';

@Resolver(() => AreaModel)
export class AreasResolver {
  constructor(private readonly service: AreasService) {}

  @Query(() => [AreaModel], { description: 'Areas, filtered by level, parent, text or validity date' })
  async areas(@Args() args: AreasArgs): Promise<AreaModel[]> {
    return (await this.service.list(args)).map(mapArea);
  }

  @Roles('COORDINATOR')
  @Mutation(() => AreaModel)
  async createArea(@CurrentCaller() caller: Caller, @Args('input') input: CreateAreaInput): Promise<AreaModel> {
    return mapArea(await this.service.create(caller, input));
  }

  @Roles('COORDINATOR')
  @Mutation(() => AreaModel, { description: 'Renames an area or changes the dates it is valid for' })
  async updateArea(@CurrentCaller() caller: Caller, @Args('code') code: string, @Args('input') input: UpdateAreaInput): Promise<AreaModel> {
    return mapArea(await this.service.update(caller, code, input));
  }

  @ResolveField(() => AreaModel, { nullable: true })
  async parent(@Parent() area: AreaModel, @Context(LOADERS) loaders: Loaders): Promise<AreaModel | null> {
    return area.parentId ? loaders.area.load(area.parentId) : null;
  }
}
