import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { AreaModel } from '../areas/area.model';
import { AudienceModel } from '../audiences/audience.model';
import { CurrentCaller, Roles } from '../auth/auth.decorators';
import { Caller } from '../auth/caller';
import { CalendarDateScalar } from '../common/graphql/calendar-date.scalar';
import { Loaders, loadFound, LOADERS } from '../common/graphql/loaders';
import { BlackoutPeriodInput, BlackoutPeriodModel, BlackoutPeriodUpdateInput } from './blackout.model';
import { BlackoutsService } from './blackouts.service';

@Resolver(() => BlackoutPeriodModel)
export class BlackoutsResolver {
  constructor(private readonly service: BlackoutsService) {}

  @Query(() => [BlackoutPeriodModel], { description: 'Blackout periods touching [from, to] (either open-ended)' })
  blackoutPeriods(
    @Args('from', { type: () => CalendarDateScalar, nullable: true }) from?: string,
    @Args('to', { type: () => CalendarDateScalar, nullable: true }) to?: string,
  ): Promise<BlackoutPeriodModel[]> {
    return this.service.list(from, to);
  }

  @Roles('COORDINATOR')
  @Mutation(() => BlackoutPeriodModel)
  createBlackoutPeriod(@CurrentCaller() caller: Caller, @Args('input') input: BlackoutPeriodInput): Promise<BlackoutPeriodModel> {
    return this.service.create(caller, input);
  }

  @Roles('COORDINATOR')
  @Mutation(() => BlackoutPeriodModel)
  updateBlackoutPeriod(
    @CurrentCaller() caller: Caller,
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: BlackoutPeriodUpdateInput,
  ): Promise<BlackoutPeriodModel> {
    return this.service.update(caller, id, input);
  }

  @Roles('COORDINATOR')
  @Mutation(() => Boolean)
  deleteBlackoutPeriod(@CurrentCaller() caller: Caller, @Args('id', { type: () => ID }) id: string): Promise<boolean> {
    return this.service.delete(caller, id);
  }

  @ResolveField(() => [AreaModel], { description: 'Empty: every area' })
  async areas(@Parent() b: BlackoutPeriodModel, @Context(LOADERS) loaders: Loaders): Promise<AreaModel[]> {
    return loadFound(loaders.area, b.areaIds);
  }

  @ResolveField(() => [AudienceModel], { description: 'Empty: every audience' })
  async audiences(@Parent() b: BlackoutPeriodModel, @Context(LOADERS) loaders: Loaders): Promise<AudienceModel[]> {
    return loadFound(loaders.audience, b.audienceIds);
  }
}
