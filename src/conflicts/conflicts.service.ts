import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { isUUID } from 'class-validator';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Caller, canWrite, isCoordinator } from '../auth/caller';
import { addDays, CalendarDate, daysBetween } from '../common/dates/calendar-date';
import { assertDateRange } from '../common/dates/date-range';
import { AppError, ErrorCode } from '../common/errors/app-error';
import { ConsultationEntity } from '../consultations/consultation.entity';
import { ConsultationInput } from '../consultations/consultation.inputs';
import { ConsultationsService, ResolvedPlan } from '../consultations/consultations.service';
import { Metrics } from '../metrics/metrics';
import { AdviceChecker, AdviceSubject } from './advice-checker';
import { CheckSummary, MAX_SUMMARY_FIRST, summarise } from './check-summary';
import { Groupable, groupClashes } from './clash-groups';
import { ClashRules, Protection, Severity, severityRank } from './clash-rules';
import { DRY_RUN_PREFIX, dryRunId } from './conflict.model';
import { ConflictFinder, Subject } from './conflict-finder';
import { ConflictRefreshQueue } from './conflict-refresh-queue';
import { ConflictStore, ConflictView, Judgement, subjectOf } from './conflict-store';
import { Finding } from './conflict.rules';
import { CLASH_RULES } from './conflicts.tokens';
import { territoryVersion } from './territory-version';

export const ACKNOWLEDGEMENT_MIN_LENGTH = 10;
/** The most one acknowledgeConflicts takes: more than a county-wide plan has clashes. */
export const MAX_ACKNOWLEDGED_AT_ONCE = 1000;
const MAX_SUGGESTION_RANGE_DAYS = 731;

/** An import's rows judged before they are kept, and the version of their territories judged (see territory-version.ts). */
export interface JudgedImport {
  judgement: Judgement;
  version: string;
}

/**
 * Asked at launch, under the consultation's lock, with whether HIGH clashes are unacknowledged: it
 * may refuse the launch itself, and answers whether the launch may go ahead over those clashes
 * (network review, src/reviews: the coordinator agreed to it).
 */
export type LaunchGate = (manager: EntityManager, consultation: ConsultationEntity, unacknowledgedHigh: boolean) => Promise<boolean>;

export interface ClearWindow {
  startDate: CalendarDate;
  endDate: CalendarDate;
  latestStartDate: CalendarDate;
  conflicts: ConflictView[];
}

@Injectable()
export class ConflictsService implements OnModuleInit {
  private launchGate: LaunchGate = async () => false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CLASH_RULES) readonly rules: ClashRules,
    private readonly consultations: ConsultationsService,
    private readonly finder: ConflictFinder,
    private readonly store: ConflictStore,
    private readonly refresh: ConflictRefreshQueue,
    private readonly audit: AuditService,
    private readonly metrics: Metrics,
    private readonly advice: AdviceChecker,
  ) {}

  // Every write to a consultation recomputes its own conflicts in the same transaction, and queues
  // its neighbours' FATIGUE there too, brought up to date just after (ConflictRefreshQueue).
  onModuleInit(): void {
    this.consultations.registerHook({ afterWrite: async (manager, consultation) => this.refresh.enqueue(manager, consultation, await this.store.recomputeOwn(manager, consultation)) });
  }

  registerLaunchGate(gate: LaunchGate): void {
    this.launchGate = gate;
  }

  /**
   * A dry run for planning forms: validates the plan like a registration, writes nothing. Only
   * conflicts at least `minSeverity` are answered (all by default): a form showing HIGH and MEDIUM
   * asks for those, and the LOW ones are neither explained nor sent.
   */
  async check(caller: Caller, input: ConsultationInput, excludeId?: string, minSeverity: Severity = 'LOW', advice = false): Promise<ConflictView[]> {
    const all = await this.judgeCheck(caller, input, excludeId, minSeverity, advice);
    return minSeverity === 'LOW' ? all : all.filter((c) => atLeast(c.severity, minSeverity));
  }

  /**
   * The check counted by severity and kind, every conflict, with its first `first` conflicts at
   * least `minSeverity` (most severe first): those below are counted, not explained.
   */
  async checkSummary(caller: Caller, input: ConsultationInput, excludeId: string | undefined, first: number, minSeverity: Severity = 'LOW', advice = false): Promise<CheckSummary<ConflictView>> {
    if (!Number.isInteger(first) || first < 0 || first > MAX_SUMMARY_FIRST) throw AppError.badInput('first', `first must be from 0 to ${MAX_SUMMARY_FIRST}`);
    const all = await this.judgeCheck(caller, input, excludeId, minSeverity, advice);
    const summary = summarise(all, first);
    // The check's order is most severe first: those listed are a prefix.
    return minSeverity === 'LOW' ? summary : { ...summary, conflicts: summary.conflicts.filter((c) => atLeast(c.severity, minSeverity)) };
  }

  private async judgeCheck(caller: Caller, input: ConsultationInput, excludeId: string | undefined, explainFrom: Severity, withAdvice: boolean): Promise<ConflictView[]> {
    const plan = await this.consultations.resolvePlan(input);
    const subject = { ...planSubject(caller, plan, excludeId), protection: await this.protectionOf(excludeId, caller.organisationId) };
    const findings = await this.finder.check(subject, caller.organisationId, undefined, explainFrom);
    if (this.metrics.enabled) this.metrics.conflictsPerCheck.observe(findings.length);
    // The good-practice checks, when asked for, come last: LOW, about the plan alone, never blocking.
    const advice = withAdvice ? await this.advice.adviceFor(plan, caller.organisationId, excludeId) : [];
    return [...findings, ...advice].map((f) => dryRunView(subject, f));
  }

  /**
   * The protection of the caller's own consultation whose edit is checked (excludeId), so that the
   * check finds what its window catches as the saved edit will; none for a new plan.
   */
  private async protectionOf(id: string | undefined, organisationId: string): Promise<Protection | null> {
    if (!id) return null;
    const [row] = await this.dataSource.query(
      `SELECT protected_days_before AS "daysBefore", protected_days_after AS "daysAfter" FROM consultation WHERE id = $1 AND organisation_id = $2 AND protected_days_before IS NOT NULL`,
      [id, organisationId],
    );
    return row ?? null;
  }

  /**
   * Conflicts of consultations the caller may see: kept ones for registered consultations,
   * worked out afresh for drafts (only their own organisation sees those).
   */
  async forConsultations(caller: Caller, consultations: readonly ConsultationEntity[], manager?: EntityManager): Promise<Map<string, ConflictView[]>> {
    const registered = consultations.filter((c) => c.status !== 'DRAFT').map((c) => c.id);
    const result = await this.store.forConsultations(registered, manager);
    for (const draft of consultations.filter((c) => c.status === 'DRAFT')) {
      const findings = await this.finder.check(subjectOf(draft), caller.organisationId, manager);
      result.set(draft.id, findings.map((f) => dryRunView(subjectOf(draft), f)));
    }
    return result;
  }

  /**
   * What forConsultations would give once these consultations (inserted, not yet judged) were
   * judged and kept as an import keeps them (judgeImport, keepImport), worked out without keeping
   * anything: an import's dry run. A pair within them is the later one's finding, told from each side.
   */
  async asJudged(caller: Caller, consultations: readonly ConsultationEntity[], manager: EntityManager): Promise<Map<string, ConflictView[]>> {
    const result = await this.forConsultations(caller, consultations.filter((c) => c.status === 'DRAFT'), manager);
    const { own } = await this.store.judge(manager, consultations.filter((c) => c.status !== 'DRAFT'), { neighbours: false });
    for (const id of own.keys()) result.set(id, []);
    for (const [id, findings] of own) {
      for (const { otherExplanation, ...finding } of findings) {
        result.get(id)!.push(unkeptView(id, finding));
        if (finding.otherId && own.has(finding.otherId)) result.get(finding.otherId)!.push(unkeptView(finding.otherId, { ...finding, otherId: id, explanation: otherExplanation ?? '' }));
      }
    }
    return result;
  }

  /**
   * An import's rows (inserted, not yet judged) judged together where they stand, keeping nothing
   * and taking no lock (ConflictStore.judge), with the version of their territories they were
   * judged on: an apply judges in a transaction no writer waits on, and keeps in another.
   */
  async judgeImport(manager: EntityManager, consultations: readonly ConsultationEntity[]): Promise<JudgedImport> {
    const version = await territoryVersion(manager, lineageOf(consultations), idsOf(consultations));
    return { version, judgement: await this.store.judge(manager, consultations) };
  }

  /**
   * Keeps an import's conflicts as judgeImport worked them out, in the transaction that inserts its
   * rows for good (with the ids they were judged under), holding their territories' locks from
   * here to its end as a registration's recompute does. Anything changed there meanwhile (another
   * officer registered while the import judged) and the rows are judged again, under the locks.
   * Returns whether they were.
   */
  async keepImport(manager: EntityManager, consultations: readonly ConsultationEntity[], judged: JudgedImport): Promise<boolean> {
    const lineage = lineageOf(consultations);
    await this.store.holdTerritories(manager, lineage);
    const changed = (await territoryVersion(manager, lineage, idsOf(consultations))) !== judged.version;
    await this.store.keep(manager, changed ? await this.store.judge(manager, consultations) : judged.judgement);
    return changed;
  }

  /**
   * Good-practice advice on a consultation (kind ADVICE), worked out when asked, never kept: its
   * own organisation and coordinators see it while it can still change (DRAFT to LIVE), others none.
   */
  async adviceOn(caller: Caller, consultation: AdviceSubject & { id: string; organisationId: string; status: string; createdAt: Date }): Promise<ConflictView[]> {
    const changeable = ['DRAFT', 'PLANNED', 'LIVE'].includes(consultation.status);
    if (!changeable || (consultation.organisationId !== caller.organisationId && !isCoordinator(caller))) return [];
    return (await this.advice.adviceForKept(consultation)).map((finding) => ({
      ...finding,
      // Not kept: an id of its own (one per consultation and rule) that names no stored conflict.
      id: `${DRY_RUN_PREFIX}ADVICE:${consultation.id}:${finding.adviceRule}`,
      consultationId: consultation.id,
      acknowledgement: null,
    }));
  }

  unresolvedForOrganisation(organisationId: string): Promise<ConflictView[]> {
    return this.store.unresolvedForOrganisation(organisationId);
  }

  countsForConsultations(ids: readonly string[]): Promise<Map<string, number>> {
    return this.store.countsForConsultations(ids);
  }

  /** Of these consultations, those whose verdicts a neighbour's change has still to bring up to date. */
  awaitingRefresh(ids: readonly string[]): Promise<Set<string>> {
    return this.refresh.awaiting(ids);
  }

  /** Either side's organisation may acknowledge; the note says why the clash is acceptable. */
  async acknowledge(caller: Caller, id: string, note: string): Promise<ConflictView> {
    return (await this.acknowledgeAll(caller, [id], note, 'id'))[0];
  }

  /**
   * Several conflicts with one note (a pair's reasons, or a whole consultation's clashes), all or
   * nothing: one transaction, one audit row each. The rules are acknowledge's, for each conflict.
   */
  async acknowledgeAll(caller: Caller, ids: readonly string[], note: string, field = 'ids'): Promise<ConflictView[]> {
    if (!canWrite(caller)) throw AppError.forbidden('Viewers cannot acknowledge conflicts');
    const trimmed = note.trim();
    if (trimmed.length < ACKNOWLEDGEMENT_MIN_LENGTH) {
      throw AppError.badInput('note', `note must say why the clash is acceptable, in at least ${ACKNOWLEDGEMENT_MIN_LENGTH} characters`);
    }
    const unique = [...new Set(ids)];
    if (unique.length === 0 || unique.length > MAX_ACKNOWLEDGED_AT_ONCE) throw AppError.badInput(field, `Give from 1 to ${MAX_ACKNOWLEDGED_AT_ONCE} conflict ids`);
    return this.dataSource.transaction(async (manager) => {
      // A dry run's id ("check:…") or any other that is not a uuid names no kept conflict.
      const sides = await this.store.ownSides(unique.filter((id) => isUUID(id)), caller.organisationId, manager);
      const missing = unique.filter((id) => !sides.has(id));
      if (missing.length) {
        // Not revealed to organisations on neither side, so a guessed id tells nothing.
        throw new AppError(ErrorCode.NOT_FOUND, `${missing.length === 1 ? 'This id names' : 'These ids name'} no conflict your organisation can acknowledge: ${missing.join(', ')}. Nothing was acknowledged.`, field, { ids: missing });
      }
      const before = await this.store.views(sides, manager);
      await this.store.acknowledge(manager, unique, trimmed, caller.memberId);
      const after = await this.store.views(sides, manager);
      for (const id of unique) {
        const { acknowledgement, kind, severity } = after.get(id)!;
        await this.audit.record(manager, caller, {
          action: 'conflict.acknowledge',
          entityType: 'conflict',
          entityId: id,
          before: { acknowledgement: before.get(id)!.acknowledgement },
          after: { acknowledgement, kind, severity },
        });
      }
      return unique.map((id) => after.get(id)!);
    });
  }

  /**
   * PLANNED → LIVE, refused while a HIGH conflict is unacknowledged (unless the network's
   * coordinator agreed to it, see LaunchGate), or while a review the settings ask for is not agreed
   * (REVIEW_REQUIRED, from the gate). The first refusal lists the clashes by
   * clash, a line per other consultation (or blackout period) with its conflicts' ids, so that
   * an officer can clear each with one acknowledgeConflicts.
   */
  launch(caller: Caller, id: string): Promise<ConsultationEntity> {
    return this.consultations.transition(caller, id, ['PLANNED'], 'LIVE', async (manager, consultation) => {
      await this.refresh.bringUpToDate(manager, consultation); // a neighbour's change may still owe it its FATIGUE
      const clashes = groupClashes(await this.unacknowledgedHigh(manager, consultation.id)).map((group) => ({
        with: blockerName(group.conflicts[0]),
        otherId: group.otherId,
        blackoutId: group.conflicts[0].blackoutId,
        kinds: group.kinds,
        conflictIds: group.conflicts.map((c) => c.id),
      }));
      const agreedOverClashes = await this.launchGate(manager, consultation, clashes.length > 0);
      if (clashes.length && !agreedOverClashes) {
        const lines = clashes.map((c) => `- ${c.with}: ${c.kinds.map((k) => k.toLowerCase()).join(', ')} (${c.conflictIds.length === 1 ? 'conflict' : 'conflicts'} ${c.conflictIds.join(', ')})`);
        throw new AppError(
          ErrorCode.CONFLICT_UNACKNOWLEDGED,
          `"${consultation.title}" cannot go live while ${clashes.length === 1 ? 'a HIGH clash is' : `${clashes.length} HIGH clashes are`} unacknowledged. Acknowledge each, or change the plan:\n${lines.join('\n')}`,
          'id',
          { conflictIds: clashes.flatMap((c) => c.conflictIds), clashes },
        );
      }
    });
  }

  close(caller: Caller, id: string): Promise<ConsultationEntity> {
    return this.consultations.transition(caller, id, ['LIVE'], 'CLOSED');
  }

  /**
   * The earliest clear starts in [from, to] keeping the plan's length: no HIGH or MEDIUM conflict.
   * Each suggestion opens a run of clear start days, so the choices are genuinely different.
   */
  async suggestWindows(caller: Caller, input: ConsultationInput, from: CalendarDate, to: CalendarDate, limit: number, excludeId?: string): Promise<ClearWindow[]> {
    assertDateRange(from, to);
    if (daysBetween(from, to) > MAX_SUGGESTION_RANGE_DAYS) throw AppError.badInput('to', `Search at most ${MAX_SUGGESTION_RANGE_DAYS} days of start dates at once`);
    if (limit < 1 || limit > 20) throw AppError.badInput('limit', 'limit must be from 1 to 20');
    const plan = await this.consultations.resolvePlan(input);
    const length = daysBetween(plan.startDate, plan.endDate);
    // One load covers every start in the range; each start is then judged in memory.
    const wide = planSubject(caller, { ...plan, startDate: from, endDate: addDays(to, length) }, excludeId);
    const found = await this.finder.searchWindows(await this.finder.load(wide, caller.organisationId), from, to, length, limit);
    return found.map(({ findings, ...dates }) => ({ ...dates, conflicts: findings.map((f) => dryRunView({ ...wide, ...dates }, f)) }));
  }

  private async unacknowledgedHigh(manager: EntityManager, consultationId: string): Promise<Blocker[]> {
    return manager.query(
      `SELECT c.id, c.kind, c.severity, c.overlap_start::text AS "overlapStart", NULL AS acknowledgement, $1::uuid AS "consultationId",
              x.id AS "otherId", x.title AS "otherTitle", o.name AS "otherOrganisation", c.blackout_id AS "blackoutId", b.name AS "blackoutName"
         FROM conflict c
         LEFT JOIN consultation x ON x.id = CASE WHEN c.consultation_id = $1 THEN c.other_id ELSE c.consultation_id END
         LEFT JOIN organisation o ON o.id = x.organisation_id
         LEFT JOIN blackout_period b ON b.id = c.blackout_id
        WHERE (c.consultation_id = $1 OR c.other_id = $1) AND c.severity = 'HIGH' AND c.acknowledged_at IS NULL
        ORDER BY c.overlap_start NULLS LAST, c.id`,
      [consultationId],
    );
  }
}

/** An unacknowledged HIGH conflict holding up a launch, with the names its refusal gives. */
interface Blocker extends Groupable {
  blackoutId: string | null;
  otherTitle: string | null;
  otherOrganisation: string | null;
  blackoutName: string | null;
}

function blockerName(c: Blocker): string {
  if (c.otherId) return `with "${c.otherTitle}" (${c.otherOrganisation})`;
  return c.blackoutId ? `during the blackout period "${c.blackoutName}"` : 'the load on the people it asks';
}

function planSubject(caller: Caller, plan: ResolvedPlan, id?: string): Subject {
  return { ...plan, id, organisationId: caller.organisationId };
}

// Each finding is this request's own, so it becomes the view in place: a check can carry
// thousands, and copying each cost more than finding it.
function dryRunView(subject: Subject, finding: Finding): ConflictView {
  return Object.assign(finding, { id: dryRunId(finding), consultationId: subject.id ?? '', acknowledgement: null });
}

function atLeast(severity: Severity, least: Severity): boolean {
  return severityRank(severity) <= severityRank(least);
}

function lineageOf(consultations: readonly ConsultationEntity[]): string[] {
  return [...new Set(consultations.flatMap((c) => c.areaLineageIds))];
}

function idsOf(consultations: readonly ConsultationEntity[]): string[] {
  return consultations.map((c) => c.id);
}

function unkeptView(consultationId: string, finding: Omit<Finding, 'otherExplanation'>): ConflictView {
  return { ...finding, id: dryRunId(finding), consultationId, acknowledgement: null };
}
