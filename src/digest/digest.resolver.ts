import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { AreaModel } from '../areas/area.model';
import { AudienceModel } from '../audiences/audience.model';
import { CurrentCaller, Roles } from '../auth/auth.decorators';
import { Caller } from '../auth/caller';
import { Clock } from '../common/clock';
import { isoWeekOf } from '../common/dates/iso-week';
import { CalendarDateScalar } from '../common/graphql/calendar-date.scalar';
import { Loaders, loadFound, LOADERS } from '../common/graphql/loaders';
import { MemberModel } from '../members/member.model';
import { DELIVERY_STATUSES, DeliveryRow, DeliveryStatus } from './digest-deliveries';
import { DeliveryStatusEnum, Digest, DigestDelivery, DigestDeliveryCount, DigestPreferences, DigestPreferencesInput } from './digest.model';
import { DigestService, PreferencesView } from './digest.service';

@Resolver(() => Digest)
export class DigestResolver {
  constructor(
    private readonly digests: DigestService,
    private readonly clock: Clock,
  ) {}

  @Query(() => Digest, { description: 'A member’s digest for the ISO week containing weekOf (default: this week), as it would be sent now. Your own, or anyone’s for a coordinator.' })
  digestPreview(
    @CurrentCaller() caller: Caller,
    @Args('memberId', { type: () => ID, nullable: true, description: 'Default: you' }) memberId?: string,
    @Args('weekOf', { type: () => CalendarDateScalar, nullable: true }) weekOf?: string,
  ): Promise<Digest> {
    return this.digests.preview(caller, memberId ?? caller.memberId, isoWeekOf(weekOf ?? this.clock.today()));
  }

  @Roles('COORDINATOR')
  @Query(() => [DigestDelivery], { description: 'Every delivery of the ISO week containing weekOf (those in statuses, if given): problems first' })
  async digestDeliveries(
    @Args('weekOf', { type: () => CalendarDateScalar }) weekOf: string,
    @Args('statuses', { type: () => [DeliveryStatusEnum], nullable: true }) statuses?: DeliveryStatus[],
  ): Promise<DigestDelivery[]> {
    return (await this.digests.deliveriesFor(isoWeekOf(weekOf), statuses)).map(toDelivery);
  }

  @Roles('COORDINATOR')
  @Query(() => [DigestDeliveryCount], { description: 'The deliveries of the ISO week containing weekOf, counted by status (every status, zeros too)' })
  async digestDeliveryCounts(@Args('weekOf', { type: () => CalendarDateScalar }) weekOf: string): Promise<DigestDeliveryCount[]> {
    const counts = await this.digests.deliveryCounts(isoWeekOf(weekOf));
    return DELIVERY_STATUSES.map((status) => ({ status, count: counts[status] }));
  }

  @Roles('COORDINATOR')
  @Mutation(() => DigestDelivery, { description: 'Queues a FAILED, UNCERTAIN or SKIPPED delivery to be sent again' })
  async redriveDigestDelivery(@CurrentCaller() caller: Caller, @Args('id', { type: () => ID }) id: string): Promise<DigestDelivery> {
    return toDelivery(await this.digests.redrive(caller, id));
  }

  @Query(() => DigestPreferences)
  myDigestPreferences(@CurrentCaller() caller: Caller): Promise<PreferencesView> {
    return this.digests.preferences(caller.memberId);
  }

  @Mutation(() => DigestPreferences, { description: 'Turns your weekly digest on or off and chooses the areas and audiences it covers' })
  updateMyDigestPreferences(@CurrentCaller() caller: Caller, @Args('input') input: DigestPreferencesInput): Promise<PreferencesView> {
    return this.digests.updatePreferences(caller, input);
  }
}

@Resolver(() => DigestPreferences)
export class DigestPreferencesResolver {
  @ResolveField(() => [AreaModel])
  areas(@Parent() preferences: PreferencesView, @Context(LOADERS) loaders: Loaders): Promise<AreaModel[]> {
    return loadFound(loaders.area, preferences.areaIds);
  }

  @ResolveField(() => [AudienceModel])
  audiences(@Parent() preferences: PreferencesView, @Context(LOADERS) loaders: Loaders): Promise<AudienceModel[]> {
    return loadFound(loaders.audience, preferences.audienceIds);
  }
}

@Resolver(() => DigestDelivery)
export class DigestDeliveryResolver {
  @ResolveField(() => MemberModel)
  member(@Parent() delivery: DigestDelivery, @Context(LOADERS) loaders: Loaders): Promise<MemberModel> {
    return loaders.member.load(delivery.memberId);
  }
}

function toDelivery(row: DeliveryRow): DigestDelivery {
  return {
    id: row.id,
    memberId: row.memberId,
    week: row.week,
    status: row.status,
    attempts: row.attempts,
    email: row.email,
    subject: row.subject,
    conflictCount: row.conflictCount,
    lastError: row.lastError,
    sentAt: row.sentAt,
    updatedAt: row.updatedAt,
  };
}
