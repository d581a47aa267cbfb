import { Args, Context, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import DataLoader from 'dataloader';
import { DataSource, In } from 'typeorm';
import { InjectDataSource } from '@nestjs/typeorm';
import { AreaModel } from '../areas/area.model';
import { AudienceModel } from '../audiences/audience.model';
import { CurrentCaller } from '../auth/auth.decorators';
import { Caller } from '../auth/caller';
import { CalendarDateScalar } from '../common/graphql/calendar-date.scalar';
import { AlsoTakesIds } from '../common/graphql/id-arguments';
import { byIdLoader, Loaders, loadFound, LOADERS } from '../common/graphql/loaders';
import { perRequestLoader } from '../common/graphql/per-request';
import { BlackoutPeriodModel } from '../blackouts/blackout.model';
import { BlackoutsService } from '../blackouts/blackouts.service';
import { ConsultationEntity } from '../consultations/consultation.entity';
import { ConsultationInput } from '../consultations/consultation.inputs';
import { ConsultationModel, mapConsultation } from '../consultations/consultation.model';
import { ConsultationsRepository } from '../consultations/consultations.repository';
import { MemberModel } from '../members/member.model';
import { OrganisationsService } from '../organisations/organisations.service';
import { toConnection } from '../common/graphql/pagination';
import { assertDateRange } from '../common/dates/date-range';
import { DEFAULT_SUMMARY_FIRST, MAX_SUMMARY_FIRST } from './check-summary';
import { CHANNEL_KIND, Severity } from './clash-rules';
import { ClashPairModel, ClashSummaryModel, toClashSummary } from './clash-summary.model';
import { ConflictView } from './conflict-store';
import { AcknowledgementModel, CheckSummaryModel, ClashRulesModel, ConflictConnection, ConflictModel, DRY_RUN_PREFIX, SeverityEnum, toConflictModel, WindowModel } from './conflict.model';
import { ConflictsArgs } from './conflict-filter.input';
import { ConflictList } from './conflict-list';
import { ConflictsService, MAX_ACKNOWLEDGED_AT_ONCE } from './conflicts.service';

type RequestContext = Record<string, unknown> & { [LOADERS]: Loaders };

const MIN_SEVERITY = {
  type: () => SeverityEnum,
  defaultValue: 'LOW',
  description: 'Only conflicts this severe or worse (LOW, the default, gives all): a form that shows HIGH and MEDIUM asks for MEDIUM',
};
const EXCLUDE_ID = { type: () => ID, nullable: true, description: 'The consultation being edited, so it does not clash with itself' };
const ADVICE = {
  type: () => Boolean,
  defaultValue: false,
  description: "Also the good-practice checks of the plan alone (kind ADVICE, LOW, never blocking; adviceRule says which): a planning form asks for them. The README's Good-practice checks",
};

@Resolver(() => ConflictModel)
export class ConflictsResolver {
  constructor(
    private readonly service: ConflictsService,
    private readonly blackouts: BlackoutsService,
    private readonly consultations: ConsultationsRepository,
    private readonly list: ConflictList,
    private readonly organisations: OrganisationsService,
  ) {}

  @Query(() => ConflictConnection, {
    description: 'The conflicts kept between registered consultations across the network, most severe first (then by first shared day), cursor-paginated',
  })
  async conflicts(@Args() args: ConflictsArgs): Promise<ConflictConnection> {
    const { organisationCodes, ...filter } = args.filter ?? {};
    assertDateRange(filter.from, filter.to, 'filter.to');
    const organisationIds = organisationCodes?.length ? (await this.organisations.findByCodes(organisationCodes, 'filter.organisationCodes')).map((o) => o.id) : undefined;
    const page = await this.list.page({ ...filter, organisationIds }, args.first, args.after);
    return toConnection({ ...page, nodes: page.nodes.map(({ view, cursor }) => Object.assign(toConflictModel(view), { cursor })) }, (node) => node.cursor);
  }

  @Query(() => [ConflictModel], { description: 'A dry run for planning forms: the conflicts a plan would raise; writes nothing' })
  async checkConsultation(
    @CurrentCaller() caller: Caller,
    @Args('input') input: ConsultationInput,
    @Args('excludeId', EXCLUDE_ID) excludeId?: string,
    @Args('minSeverity', MIN_SEVERITY) minSeverity: Severity = 'LOW',
    @Args('advice', ADVICE) advice = false,
  ): Promise<ConflictModel[]> {
    return (await this.service.check(caller, input, excludeId, minSeverity, advice)).map(toConflictModel);
  }

  @Query(() => CheckSummaryModel, { description: 'checkConsultation for a planning form: every conflict counted, only the most severe listed; writes nothing' })
  async checkConsultationSummary(
    @CurrentCaller() caller: Caller,
    @Args('input') input: ConsultationInput,
    @Args('excludeId', EXCLUDE_ID) excludeId?: string,
    @Args('first', { type: () => Int, defaultValue: DEFAULT_SUMMARY_FIRST, description: `How many conflicts to list, 0 to ${MAX_SUMMARY_FIRST}` }) first = DEFAULT_SUMMARY_FIRST,
    @Args('minSeverity', { ...MIN_SEVERITY, description: 'List only conflicts this severe or worse; every conflict is still counted' }) minSeverity: Severity = 'LOW',
    @Args('advice', ADVICE) advice = false,
  ): Promise<CheckSummaryModel> {
    const summary = await this.service.checkSummary(caller, input, excludeId, first, minSeverity, advice);
    return { ...summary, conflicts: summary.conflicts.map(toConflictModel) };
  }

  @Query(() => [WindowModel], { description: 'The earliest start dates in [from, to], keeping the plan\'s length, with no HIGH or MEDIUM conflict' })
  async suggestWindows(
    @CurrentCaller() caller: Caller,
    @Args('input') input: ConsultationInput,
    @Args('from', { type: () => CalendarDateScalar }) from: string,
    @Args('to', { type: () => CalendarDateScalar }) to: string,
    @Args('limit', { type: () => Int, defaultValue: 3 }) limit: number,
    @Args('excludeId', EXCLUDE_ID) excludeId?: string,
  ): Promise<WindowModel[]> {
    const windows = await this.service.suggestWindows(caller, input, from, to, limit, excludeId);
    return windows.map((w) => ({ ...w, conflicts: w.conflicts.map(toConflictModel) }));
  }

  @Query(() => ClashRulesModel, { description: 'The rule settings in force' })
  clashRules(): ClashRulesModel {
    return { ...this.service.rules, channels: Object.entries(CHANNEL_KIND).map(([channel, kind]) => ({ channel, kind })) };
  }

  // A dry run's conflict id is an id too: it names no kept conflict (NOT_FOUND).
  @AlsoTakesIds(DRY_RUN_PREFIX)
  @Mutation(() => ConflictModel, { description: `Either side records why the clash is acceptable (at least 10 characters)` })
  async acknowledgeConflict(@CurrentCaller() caller: Caller, @Args('id', { type: () => ID }) id: string, @Args('note') note: string): Promise<ConflictModel> {
    return toConflictModel(await this.service.acknowledge(caller, id, note));
  }

  @AlsoTakesIds(DRY_RUN_PREFIX)
  @Mutation(() => [ConflictModel], {
    description: `acknowledgeConflict for several at once, with one note: all or none. An id that is not a conflict of the caller's organisation refuses the whole call (NOT_FOUND, field ids, extensions.ids naming them). At most ${MAX_ACKNOWLEDGED_AT_ONCE}`,
  })
  async acknowledgeConflicts(
    @CurrentCaller() caller: Caller,
    @Args('ids', { type: () => [ID] }) ids: string[],
    @Args('note') note: string,
  ): Promise<ConflictModel[]> {
    return (await this.service.acknowledgeAll(caller, ids, note)).map(toConflictModel);
  }

  @ResolveField(() => ConsultationModel, { nullable: true, description: 'The consultation this conflict is told from; null for a dry run of a plan not saved' })
  async consultation(@Parent() conflict: ConflictModel, @CurrentCaller() caller: Caller, @Context() context: RequestContext): Promise<ConsultationModel | null> {
    return this.visibleOne(context, caller, conflict.consultationId);
  }

  @ResolveField(() => ConsultationModel, { nullable: true, description: 'The consultation it clashes with (OVERLAP, DUPLICATE, PROTECTED)' })
  async other(@Parent() conflict: ConflictModel, @CurrentCaller() caller: Caller, @Context() context: RequestContext): Promise<ConsultationModel | null> {
    return this.visibleOne(context, caller, conflict.otherId);
  }

  @ResolveField(() => [ConsultationModel], { description: 'FATIGUE: the other consultations reaching the same people' })
  async related(@Parent() conflict: ConflictModel, @CurrentCaller() caller: Caller, @Context() context: RequestContext): Promise<ConsultationModel[]> {
    return loadFound(this.visibleConsultations(context, caller), conflict.relatedIds);
  }

  @ResolveField(() => [AreaModel])
  async sharedAreas(@Parent() conflict: ConflictModel, @Context(LOADERS) loaders: Loaders): Promise<AreaModel[]> {
    return loadFound(loaders.area, conflict.sharedAreaIds);
  }

  @ResolveField(() => [AudienceModel])
  async sharedAudiences(@Parent() conflict: ConflictModel, @Context(LOADERS) loaders: Loaders): Promise<AudienceModel[]> {
    return loadFound(loaders.audience, conflict.sharedAudienceIds);
  }

  @ResolveField(() => BlackoutPeriodModel, { nullable: true, description: 'BLACKOUT: the period it touches' })
  async blackout(@Parent() conflict: ConflictModel): Promise<BlackoutPeriodModel | null> {
    return conflict.blackoutId ? this.blackouts.get(conflict.blackoutId) : null;
  }

  @ResolveField(() => AcknowledgementModel, { nullable: true })
  async acknowledgement(@Parent() conflict: ConflictModel, @Context(LOADERS) loaders: Loaders): Promise<AcknowledgementModel | null> {
    const ack = conflict.acknowledgement;
    return ack ? { note: ack.note, at: ack.at, by: await loaders.member.load(ack.byId) } : null;
  }

  private visibleOne(context: RequestContext, caller: Caller, id: string | null): Promise<ConsultationModel | null> {
    return visibleOne(this.consultations, context, caller, id);
  }

  private visibleConsultations(context: RequestContext, caller: Caller): DataLoader<string, ConsultationModel> {
    return visibleConsultations(this.consultations, context, caller);
  }
}

// Stored conflicts never name a draft, but a dry run's "other" could be one: the same visibility rule as consultation(id).
function visibleConsultations(consultations: ConsultationsRepository, context: RequestContext, caller: Caller): DataLoader<string, ConsultationModel> {
  return perRequestLoader(context, 'visibleConsultation', () => byIdLoader((ids) => consultations.findVisibleByIds(ids, caller.organisationId), mapConsultation));
}

async function visibleOne(consultations: ConsultationsRepository, context: RequestContext, caller: Caller, id: string | null): Promise<ConsultationModel | null> {
  return id ? ((await loadFound(visibleConsultations(consultations, context, caller), [id]))[0] ?? null) : null;
}

@Resolver(() => ClashPairModel)
export class ClashPairResolver {
  constructor(private readonly consultations: ConsultationsRepository) {}

  @ResolveField(() => ConsultationModel, { nullable: true, description: 'The consultation the clash is with' })
  other(@Parent() pair: ClashPairModel, @CurrentCaller() caller: Caller, @Context() context: RequestContext): Promise<ConsultationModel | null> {
    return visibleOne(this.consultations, context, caller, pair.otherId);
  }
}

@Resolver(() => ConsultationModel)
export class ConsultationConflictsResolver {
  constructor(
    private readonly service: ConflictsService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  @ResolveField(() => [ConflictModel], { description: 'Ordered by severity, then start date' })
  async conflicts(@Parent() consultation: ConsultationModel, @CurrentCaller() caller: Caller, @Context() context: RequestContext): Promise<ConflictModel[]> {
    return (await this.conflictsOf(consultation, caller, context)).map(toConflictModel);
  }

  @ResolveField(() => [ConflictModel], {
    description: 'Good-practice advice on it (kind ADVICE, LOW, never blocking; adviceRule says which), worked out when asked and not kept: its own organisation and coordinators see it while DRAFT, PLANNED or LIVE; empty for others',
  })
  async advice(@Parent() consultation: ConsultationModel, @CurrentCaller() caller: Caller): Promise<ConflictModel[]> {
    return (await this.service.adviceOn(caller, consultation)).map(toConflictModel);
  }

  @ResolveField(() => ClashSummaryModel, { description: 'Its conflicts for triage: open clashes counted by severity, and grouped by the other consultation' })
  async clashSummary(@Parent() consultation: ConsultationModel, @CurrentCaller() caller: Caller, @Context() context: RequestContext): Promise<ClashSummaryModel> {
    return toClashSummary(await this.conflictsOf(consultation, caller, context));
  }

  @ResolveField(() => Boolean, {
    description:
      'False while another consultation\'s change is still being taken into its FATIGUE verdict (in the background, seconds at most); its other conflicts are always current. Launching brings it up to date first',
  })
  async conflictsUpToDate(@Parent() consultation: ConsultationModel, @Context() context: RequestContext): Promise<boolean> {
    const loader = perRequestLoader(context, 'awaitingRefresh', () => new DataLoader<string, boolean>(async (ids) => {
      const awaiting = await this.service.awaitingRefresh(ids);
      return ids.map((id) => !awaiting.has(id));
    }));
    return loader.load(consultation.id);
  }

  @Mutation(() => ConsultationModel, {
    description: "PLANNED → LIVE; refused with CONFLICT_UNACKNOWLEDGED while a HIGH conflict is unacknowledged, and with REVIEW_REQUIRED while a network review the settings ask for is not agreed (Consultation.review)",
  })
  async launchConsultation(@CurrentCaller() caller: Caller, @Args('id', { type: () => ID }) id: string): Promise<ConsultationModel> {
    return mapConsultation(await this.service.launch(caller, id));
  }

  @Mutation(() => ConsultationModel, { description: 'LIVE → CLOSED' })
  async closeConsultation(@CurrentCaller() caller: Caller, @Args('id', { type: () => ID }) id: string): Promise<ConsultationModel> {
    return mapConsultation(await this.service.close(caller, id));
  }

  // One loader for conflicts and clashSummary: a page of consultations costs the same few queries for either or both.
  private conflictsOf(consultation: ConsultationModel, caller: Caller, context: RequestContext): Promise<ConflictView[]> {
    const loader = perRequestLoader(context, 'conflicts', () => new DataLoader<ConsultationModel, ConflictView[], string>(
      async (consultations) => {
        const entities = consultations.map((c) => ({ id: c.id, status: c.status }) as ConsultationEntity);
        const drafts = await this.draftEntities(entities.filter((c) => c.status === 'DRAFT').map((c) => c.id));
        const byId = await this.service.forConsultations(caller, entities.map((c) => drafts.get(c.id) ?? c));
        return consultations.map((c) => byId.get(c.id) ?? []);
      },
      { cacheKeyFn: (c) => c.id },
    ));
    return loader.load(consultation);
  }

  // Drafts are checked afresh, which needs their whole plan.
  private async draftEntities(ids: string[]): Promise<Map<string, ConsultationEntity>> {
    const rows = ids.length ? await this.dataSource.manager.findBy(ConsultationEntity, { id: In(ids) }) : [];
    return new Map(rows.map((r) => [r.id, r]));
  }
}

