import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { AreasService } from '../areas/areas.service';
import { AudiencesService } from '../audiences/audiences.service';
import { AuditService } from '../audit/audit.service';
import { Caller, canWrite, isCoordinator } from '../auth/caller';
import { Clock } from '../common/clock';
import { CalendarDate, daysBetween } from '../common/dates/calendar-date';
import { AppError } from '../common/errors/app-error';
import { isUniqueViolation } from '../common/database/unique-violation';
import { Page } from '../common/graphql/pagination';
import { MembersService } from '../members/members.service';
import { OrganisationEntity } from '../organisations/organisation.entity';
import { ConsultationEntity, ConsultationStatus } from './consultation.entity';
import { ConsultationFilter, ConsultationInput, ConsultationUpdateInput, LIMITS } from './consultation.inputs';
import { ConsultationsRepository, ResolvedFilter } from './consultations.repository';
import { topicWording } from '../conflicts/place-names';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.token';
import { overdueIfClosedBefore } from '../findings/findings.rules';

// No organisation has this id: a viewer who sees only what the network shares.
const NOBODY = '00000000-0000-0000-0000-000000000000';

/** The derived, index-ready form of a consultation's plan: what the clash check compares. */
export interface ResolvedPlan {
  title: string;
  summary: string;
  topicTitle: string;
  topicSummary: string;
  topics: string[];
  channels: ConsultationEntity['channels'];
  expectedRespondents: number | null;
  statutory: boolean;
  decisionDate: CalendarDate | null;
  shortPeriodReason: string | null;
  /** Left undefined, the organisation's publicByDefault is taken when registered. */
  public?: boolean;
  startDate: string;
  endDate: string;
  status: ConsultationStatus;
  areaIds: string[];
  audienceIds: string[];
  areaBlockIds: string[];
  areaLineageIds: string[];
  audienceLineageIds: string[];
}

/** A plan to register for an organisation, with the id to give it if it must be known beforehand. */
export interface Registration {
  id?: string;
  plan: ResolvedPlan;
  organisationId: string;
  leadOfficerId: string | null;
}

/**
 * Called inside the transaction of every write, so that dependent data (conflicts) never lags. An
 * import's rows (insertMany) are the exception: the import keeps their conflicts itself, judged together.
 */
export interface ConsultationChangeHook {
  afterWrite(manager: EntityManager, consultation: ConsultationEntity, caller: Caller): Promise<void>;
}

@Injectable()
export class ConsultationsService {
  private hooks: ConsultationChangeHook[] = [];

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: ConsultationsRepository,
    private readonly areas: AreasService,
    private readonly audiences: AudiencesService,
    private readonly members: MembersService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  registerHook(hook: ConsultationChangeHook): void {
    this.hooks.push(hook);
  }

  async get(caller: Caller, id: string): Promise<ConsultationEntity> {
    const consultation = await this.repository.findVisible(id, caller.organisationId);
    if (!consultation) throw AppError.notFound('Consultation');
    return consultation;
  }

  async page(caller: Caller, filter: ConsultationFilter = {}, first: number, after?: string): Promise<Page<ConsultationEntity>> {
    return this.repository.page(await this.resolveFilter(filter), caller.organisationId, first, after);
  }

  /** Every consultation matching the filter, by start date, up to `limit` (feeds and exports). */
  async all(organisationId: string, filter: ConsultationFilter, limit: number): Promise<ConsultationEntity[]> {
    return this.repository.all(await this.resolveFilter(filter), organisationId, limit);
  }

  /** What the public may see: the filter's consultations their organisations have made public, drafts never. */
  async publicAll(filter: ConsultationFilter, limit: number): Promise<ConsultationEntity[]> {
    return this.repository.all({ ...(await this.resolveFilter(filter)), publicOnly: true }, NOBODY, limit);
  }

  /** Validates a plan and resolves its codes, without writing anything. */
  async resolvePlan(input: ConsultationInput): Promise<ResolvedPlan> {
    const title = input.title.trim();
    if (!title) throw AppError.badInput('title', 'title must not be empty');
    if (input.endDate < input.startDate) throw AppError.badInput('endDate', `endDate ${input.endDate} is before startDate ${input.startDate}`);
    if (input.decisionDate && input.decisionDate < input.endDate) throw AppError.badInput('decisionDate', `decisionDate ${input.decisionDate} is before endDate ${input.endDate}: the decision comes after the consultation closes`);
    if (daysBetween(input.startDate, input.endDate) + 1 > LIMITS.windowDays) {
      throw AppError.badInput('endDate', `A consultation may run for at most ${LIMITS.windowDays} days`);
    }
    const window = { start: input.startDate, end: input.endDate };
    // Areas and audiences are held in memory once read, so these rarely reach the database.
    const areas = await this.areas.resolveSelection(input.areaCodes, 'areaCodes', window);
    const audiences = await this.audiences.resolveSelection(input.audienceCodes, 'audienceCodes');
    const summary = input.summary?.trim() ?? '';
    return {
      title,
      summary,
      ...topicWording({ title, summary }, await this.areas.placeWords()),
      topics: normaliseTopics(input.topics ?? []),
      channels: [...new Set(input.channels ?? [])].sort(),
      expectedRespondents: input.expectedRespondents ?? null,
      statutory: input.statutory ?? false,
      decisionDate: input.decisionDate ?? null,
      shortPeriodReason: input.shortPeriodReason?.trim() || null,
      public: input.public ?? undefined,
      startDate: input.startDate,
      endDate: input.endDate,
      status: input.status ?? 'PLANNED',
      areaIds: areas.areas.map((a) => a.id).sort(),
      audienceIds: audiences.audiences.map((a) => a.id).sort(),
      areaBlockIds: areas.blockIds,
      areaLineageIds: areas.lineageIds,
      audienceLineageIds: audiences.lineageIds,
    };
  }

  async register(caller: Caller, input: ConsultationInput): Promise<ConsultationEntity> {
    assertCanWrite(caller);
    const plan = await this.resolvePlan(input);
    const leadOfficerId = await this.leadOfficerId(caller, input.leadOfficerEmail);
    return this.writing(plan, (manager) => this.insert(manager, caller, plan, caller.organisationId, leadOfficerId));
  }

  /** Registers a validated plan inside the caller's transaction; a coordinator may register for another organisation, the caller recorded either way. */
  async insert(manager: EntityManager, caller: Caller, plan: ResolvedPlan, organisationId: string, leadOfficerId: string | null): Promise<ConsultationEntity> {
    const defaults = await publicDefaults(manager, [{ plan, organisationId }]);
    const saved = await manager.save(this.registration(manager, caller, { plan, organisationId, leadOfficerId }, defaults));
    await this.audit.record(manager, caller, { action: 'consultation.register', entityType: 'consultation', entityId: saved.id, after: snapshot(saved) });
    await this.runHooks(manager, saved, caller);
    return saved;
  }

  /**
   * Many registrations in a few statements, neither judged nor, unless `audited`, audited: an
   * import's rows, whose conflicts the import works out together once all are in (a plan's
   * wording is weighed against the whole register, so the same file gives the same verdicts in any
   * row order). A dry run inserts them to judge them and keeps nothing; an apply inserts them
   * again, with the ids they were judged under.
   */
  async insertMany(manager: EntityManager, caller: Caller, rows: readonly Registration[], { audited = false } = {}): Promise<ConsultationEntity[]> {
    const defaults = await publicDefaults(manager, rows);
    const saved = await manager.save(rows.map((row) => this.registration(manager, caller, row, defaults)), { chunk: 500 });
    if (audited) await this.audit.recordMany(manager, caller, saved.map((c) => ({ action: 'consultation.register', entityType: 'consultation', entityId: c.id, after: snapshot(c) })));
    return saved;
  }

  private registration(manager: EntityManager, caller: Caller, { id, plan, organisationId, leadOfficerId }: Registration, publicByDefault: Map<string, boolean>): ConsultationEntity {
    assertCanWrite(caller);
    if (organisationId !== caller.organisationId && !isCoordinator(caller)) {
      throw AppError.forbidden('Only a coordinator can register consultations for another organisation');
    }
    const isPublic = plan.public ?? publicByDefault.get(organisationId) ?? true;
    return manager.create(ConsultationEntity, { id, ...plan, public: isPublic, organisationId, leadOfficerId, createdBy: caller.memberId, updatedBy: caller.memberId });
  }

  async update(caller: Caller, id: string, input: ConsultationUpdateInput): Promise<ConsultationEntity> {
    assertCanWrite(caller);
    const current = await this.get(caller, id);
    assertOwnOrganisation(caller, current);
    assertPublicChangeable(current, input.public);
    if (input.status && current.status !== 'DRAFT' && current.status !== 'PLANNED') {
      throw AppError.badInput('status', `A ${current.status} consultation's status changes only through launch, close or cancel`);
    }
    const merged = await this.mergeInput(current, input);
    const plan = await this.resolvePlan(merged);
    const leadOfficerId = input.leadOfficerEmail ? await this.leadOfficerId(caller, input.leadOfficerEmail) : current.leadOfficerId;
    return this.writing(plan, async (manager) => {
      const locked = await this.lockForChange(manager, caller, id, ['DRAFT', 'PLANNED', 'LIVE']);
      assertPublicChangeable(locked, input.public); // it may have been launched meanwhile
      const before = snapshot(locked);
      Object.assign(locked, plan, { leadOfficerId, updatedBy: caller.memberId });
      const saved = await manager.save(locked);
      await this.audit.record(manager, caller, { action: 'consultation.update', entityType: 'consultation', entityId: id, before, after: snapshot(saved) });
      await this.runHooks(manager, saved, caller);
      return saved;
    });
  }

  /** Moves a consultation between statuses, refusing any move not in `from`. */
  async transition(
    caller: Caller,
    id: string,
    from: ConsultationStatus[],
    to: ConsultationStatus,
    guard?: (manager: EntityManager, consultation: ConsultationEntity) => Promise<void>,
  ): Promise<ConsultationEntity> {
    assertCanWrite(caller);
    return this.dataSource.transaction(async (manager) => {
      const locked = await this.lockForChange(manager, caller, id, from, to);
      await guard?.(manager, locked);
      const before = snapshot(locked);
      locked.status = to;
      locked.updatedBy = caller.memberId;
      const saved = await manager.save(locked);
      await this.audit.record(manager, caller, { action: `consultation.${to.toLowerCase()}`, entityType: 'consultation', entityId: id, before, after: snapshot(saved) });
      await this.runHooks(manager, saved, caller);
      return saved;
    });
  }

  cancel(caller: Caller, id: string): Promise<ConsultationEntity> {
    return this.transition(caller, id, ['DRAFT', 'PLANNED', 'LIVE'], 'CANCELLED');
  }

  private async lockForChange(manager: EntityManager, caller: Caller, id: string, from: ConsultationStatus[], to?: ConsultationStatus): Promise<ConsultationEntity> {
    const locked = await this.repository.findVisible(id, caller.organisationId, manager, true);
    if (!locked) throw AppError.notFound('Consultation');
    assertOwnOrganisation(caller, locked);
    if (!from.includes(locked.status)) {
      const action = to ? `move to ${to}` : 'be changed';
      throw AppError.badInput('status', `A ${locked.status} consultation cannot ${action} (allowed from ${from.join(', ')})`);
    }
    return locked;
  }

  // A write in a transaction; the registration index turns a duplicate into a clear input error.
  private async writing<T>(plan: ResolvedPlan, work: (manager: EntityManager) => Promise<T>): Promise<T> {
    try {
      return await this.dataSource.transaction(work);
    } catch (error) {
      if (isUniqueViolation(error, 'consultation_registration_key')) {
        throw AppError.badInput('title', `Your organisation has already registered "${plan.title}" for ${plan.startDate} to ${plan.endDate}`);
      }
      throw error;
    }
  }

  /** For a change kept beside the consultation that its conflicts read (its findings recorded): its hooks run in the caller's transaction. */
  changedBeside(manager: EntityManager, consultation: ConsultationEntity, caller: Caller): Promise<void> {
    return this.runHooks(manager, consultation, caller);
  }

  private async runHooks(manager: EntityManager, consultation: ConsultationEntity, caller: Caller): Promise<void> {
    for (const hook of this.hooks) await hook.afterWrite(manager, consultation, caller);
  }

  private async mergeInput(current: ConsultationEntity, input: ConsultationUpdateInput): Promise<ConsultationInput> {
    const [areas, audiences] = await Promise.all([
      input.areaCodes ? undefined : this.areas.findByIds(current.areaIds),
      input.audienceCodes ? undefined : this.audiences.findByIds(current.audienceIds),
    ]);
    return {
      title: input.title ?? current.title,
      summary: input.summary ?? current.summary,
      topics: input.topics ?? current.topics,
      audienceCodes: input.audienceCodes ?? audiences!.map((a) => a.code),
      areaCodes: input.areaCodes ?? areas!.map((a) => a.code),
      channels: input.channels ?? current.channels,
      expectedRespondents: input.expectedRespondents ?? current.expectedRespondents ?? undefined,
      statutory: input.statutory ?? current.statutory,
      decisionDate: input.decisionDate ?? current.decisionDate ?? undefined,
      shortPeriodReason: input.shortPeriodReason ?? current.shortPeriodReason ?? undefined,
      public: input.public ?? current.public,
      startDate: input.startDate ?? current.startDate,
      endDate: input.endDate ?? current.endDate,
      status: input.status ?? current.status,
    };
  }

  private async leadOfficerId(caller: Caller, email?: string): Promise<string> {
    if (!email) return caller.memberId;
    const member = await this.members.findByEmail(email);
    if (!member || member.organisationId !== caller.organisationId) {
      throw AppError.badInput('leadOfficerEmail', `${email} is not a member of your organisation`);
    }
    return member.id;
  }

  private async resolveFilter(filter: ConsultationFilter): Promise<ResolvedFilter> {
    const resolved: ResolvedFilter = { from: filter.from, to: filter.to, statuses: filter.statuses, text: filter.text?.trim() || undefined };
    if (filter.responseOverdue !== undefined && filter.responseOverdue !== null) {
      resolved.responseOverdue = { overdue: filter.responseOverdue, closedBefore: overdueIfClosedBefore(this.clock.today(), this.config.findings.responseDueWeeks) };
    }
    if (filter.areaCodes?.length) {
      const areas = await this.areas.resolveSelection(filter.areaCodes, 'filter.areaCodes');
      resolved.area = { blockIds: areas.blockIds, lineageIds: areas.lineageIds };
    }
    if (filter.audienceCodes?.length) {
      const audiences = await this.audiences.resolveSelection(filter.audienceCodes, 'filter.audienceCodes');
      resolved.audience = { ids: audiences.audiences.map((a) => a.id), lineageIds: audiences.lineageIds };
    }
    if (filter.organisationCodes?.length) {
      const organisations = await this.dataSource.getRepository(OrganisationEntity).findBy({ code: In(filter.organisationCodes) });
      const missing = filter.organisationCodes.filter((code) => !organisations.some((o) => o.code === code));
      if (missing.length) throw AppError.badInput('filter.organisationCodes', `Unknown organisation codes: ${missing.join(', ')}`);
      resolved.organisationIds = organisations.map((o) => o.id);
    }
    return resolved;
  }
}

export function normaliseTopics(topics: readonly string[]): string[] {
  return [...new Set(topics.map((t) => t.trim().toLowerCase().replace(/\s+/g, ' ')).filter(Boolean))].sort();
}

function assertCanWrite(caller: Caller): void {
  if (!canWrite(caller)) throw AppError.forbidden('Viewers cannot change consultations');
}

/** Whether the public may see a consultation is decided before launch; afterwards it stays as announced. */
function assertPublicChangeable(current: ConsultationEntity, wanted: boolean | null | undefined): void {
  if (typeof wanted !== 'boolean' || wanted === current.public || current.status === 'DRAFT' || current.status === 'PLANNED') return;
  throw AppError.badInput('public', `public can be changed only before launch; this consultation is ${current.status}`);
}

/** The publicByDefault of the organisations of those plans that do not say, in one query (none if all say). */
async function publicDefaults(manager: EntityManager, rows: readonly { plan: ResolvedPlan; organisationId: string }[]): Promise<Map<string, boolean>> {
  const ids = [...new Set(rows.filter((r) => r.plan.public === undefined).map((r) => r.organisationId))];
  if (!ids.length) return new Map();
  const found: { id: string; public_by_default: boolean }[] = await manager.query(`SELECT id, public_by_default FROM organisation WHERE id = ANY($1::uuid[])`, [ids]);
  return new Map(found.map((o) => [o.id, o.public_by_default]));
}

function assertOwnOrganisation(caller: Caller, consultation: ConsultationEntity): void {
  if (consultation.organisationId !== caller.organisationId) {
    throw AppError.forbidden("Only the owning organisation's officers can change this consultation");
  }
}

/** What the audit log keeps of a consultation. */
export function snapshot(c: ConsultationEntity): Record<string, unknown> {
  return {
    title: c.title,
    summary: c.summary,
    status: c.status,
    startDate: c.startDate,
    endDate: c.endDate,
    topics: c.topics,
    channels: c.channels,
    areaIds: c.areaIds,
    audienceIds: c.audienceIds,
    expectedRespondents: c.expectedRespondents,
    statutory: c.statutory,
    decisionDate: c.decisionDate,
    shortPeriodReason: c.shortPeriodReason,
    public: c.public,
    leadOfficerId: c.leadOfficerId,
  };
}
