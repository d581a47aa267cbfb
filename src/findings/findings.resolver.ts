import { Inject } from '@nestjs/common';
import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import DataLoader from 'dataloader';
import { CurrentCaller } from '../auth/auth.decorators';
import { Caller } from '../auth/caller';
import { Clock } from '../common/clock';
import { CalendarDateScalar } from '../common/graphql/calendar-date.scalar';
import { perRequestLoader } from '../common/graphql/per-request';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.token';
import { ConflictModel } from '../conflicts/conflict.model';
import { ConsultationModel, mapConsultation } from '../consultations/consultation.model';
import { FindingsInput, FindingsSearchArgs } from './findings.inputs';
import { FindingsModel, FindingsSearchResultModel, mapFindings } from './findings.model';
import { FindingsExplainer } from './findings-explainer';
import { isResponseOverdue, responseDueDate } from './findings.rules';
import { FindingsOf, FindingsService } from './findings.service';

function findingsLoader(context: object, service: FindingsService): DataLoader<string, FindingsOf | null> {
  return perRequestLoader(context, 'findings', () => new DataLoader<string, FindingsOf | null>(async (ids) => {
    const found = await service.forConsultations(ids);
    return ids.map((id) => found.get(id) ?? null);
  }));
}

@Resolver(() => ConsultationModel)
export class ConsultationFindingsResolver {
  constructor(
    private readonly service: FindingsService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Mutation(() => ConsultationModel, { description: 'Records (or replaces) the findings of a CLOSED or REPORTED consultation of your organisation; read them as Consultation.findings' })
  async recordFindings(
    @CurrentCaller() caller: Caller,
    @Args('consultationId', { type: () => ID }) consultationId: string,
    @Args('input') input: FindingsInput,
  ): Promise<ConsultationModel> {
    return mapConsultation(await this.service.record(caller, consultationId, input));
  }

  @Mutation(() => ConsultationModel, { description: 'CLOSED → REPORTED: publishes the "we asked, you said, we did" statement (findings must be recorded first)' })
  async publishResponse(
    @CurrentCaller() caller: Caller,
    @Args('consultationId', { type: () => ID }) consultationId: string,
    @Args('statement') statement: string,
  ): Promise<ConsultationModel> {
    return mapConsultation(await this.service.publish(caller, consultationId, statement));
  }

  @Query(() => [FindingsSearchResultModel], { description: 'Past (CLOSED and REPORTED) consultations whose title, summary or findings match, best first: check what is already known before asking' })
  async findings(@CurrentCaller() caller: Caller, @Args() args: FindingsSearchArgs): Promise<FindingsSearchResultModel[]> {
    return (await this.service.search(caller, args)).map((hit) => ({ ...hit, consultation: mapConsultation(hit.consultation) }));
  }

  @ResolveField('findings', () => FindingsModel, { nullable: true, description: 'What it found, once recorded (recordFindings)' })
  async consultationFindings(@Parent() c: ConsultationModel, @Context() context: object): Promise<FindingsModel | null> {
    const found = await findingsLoader(context, this.service).load(c.id);
    return found && mapFindings(found);
  }

  @ResolveField(() => CalendarDateScalar, { nullable: true, description: 'Its response ("we asked, you said, we did") is due RESPONSE_DUE_WEEKS after it closes; null for drafts and cancelled ones' })
  responseDueDate(@Parent() c: ConsultationModel): string | null {
    return c.status === 'DRAFT' || c.status === 'CANCELLED' ? null : responseDueDate(c.endDate, this.config.findings.responseDueWeeks);
  }

  @ResolveField(() => Boolean, { description: 'CLOSED, its response not published, and its response due date passed' })
  responseOverdue(@Parent() c: ConsultationModel): boolean {
    return isResponseOverdue(c.status, c.endDate, this.clock.today(), this.config.findings.responseDueWeeks);
  }
}

@Resolver(() => ConflictModel)
export class ConflictFindingsResolver {
  constructor(
    private readonly service: FindingsService,
    private readonly explainer: FindingsExplainer,
  ) {}

  @ResolveField(() => String, { description: 'One or two plain English sentences, fit to forward; a DUPLICATE of a CLOSED or REPORTED consultation names its findings and links them' })
  async explanation(@Parent() conflict: ConflictModel, @Context() context: object): Promise<string> {
    return this.explainer.explain(conflict, await this.otherOnes(conflict, context));
  }

  @ResolveField(() => FindingsModel, { nullable: true, description: 'DUPLICATE: the findings of the other consultation, once it is CLOSED or REPORTED and has recorded them' })
  async otherFindings(@Parent() conflict: ConflictModel, @Context() context: object): Promise<FindingsModel | null> {
    const prior = this.explainer.priorOf(conflict, await this.otherOnes(conflict, context));
    return prior && mapFindings(prior);
  }

  private async otherOnes(conflict: ConflictModel, context: object): Promise<FindingsOf | null> {
    return conflict.kind === 'DUPLICATE' && conflict.otherId ? findingsLoader(context, this.service).load(conflict.otherId) : null;
  }
}
