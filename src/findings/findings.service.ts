import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AreasService } from '../areas/areas.service';
import { AudiencesService } from '../audiences/audiences.service';
import { AuditService } from '../audit/audit.service';
import { Caller, canWrite } from '../auth/caller';
import { Clock } from '../common/clock';
import { AppError, ErrorCode } from '../common/errors/app-error';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.token';
import { ConsultationEntity, FINISHED_STATUSES } from '../consultations/consultation.entity';
import { ConsultationsRepository } from '../consultations/consultations.repository';
import { ConsultationsService } from '../consultations/consultations.service';
import { FindingsEntity, findingsSnapshot } from './findings.entity';
import { FINDINGS_LIMITS, FindingsInput, FindingsSearchArgs } from './findings.inputs';
import { lookAroundStart } from './findings.rules';

/** Findings with the dates of the consultation they belong to (a duplicate's explanation names them). */
export interface FindingsOf extends FindingsEntity {
  status: ConsultationEntity['status'];
  startDate: string;
  endDate: string;
}

export interface FindingsHit {
  consultation: ConsultationEntity;
  rank: number;
  snippet: string;
}

// ts_headline's options: a plain-text snippet, matches between ** and ** (never HTML a page could run).
const HEADLINE = `'StartSel="**", StopSel="**", MinWords=12, MaxWords=30, MaxFragments=2, FragmentDelimiter=" … "'`;
const SNIPPET_LENGTH = 240;

@Injectable()
export class FindingsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly consultations: ConsultationsService,
    private readonly repository: ConsultationsRepository,
    private readonly areas: AreasService,
    private readonly audiences: AudiencesService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Records (or replaces) a CLOSED or REPORTED consultation's findings; its own officers only. */
  async record(caller: Caller, consultationId: string, input: FindingsInput): Promise<ConsultationEntity> {
    if (!canWrite(caller)) throw AppError.forbidden('Viewers cannot record findings');
    return this.dataSource.transaction(async (manager) => {
      const consultation = await this.repository.findVisible(consultationId, caller.organisationId, manager, true);
      if (!consultation) throw AppError.notFound('Consultation', 'consultationId');
      if (consultation.organisationId !== caller.organisationId) throw AppError.forbidden("Only the owning organisation's officers can record its findings");
      if (!FINISHED_STATUSES.includes(consultation.status)) {
        throw AppError.badInput('consultationId', `A ${consultation.status} consultation has no findings yet: findings are recorded once it is CLOSED`);
      }
      const findings = manager.getRepository(FindingsEntity);
      const current = await findings.findOneBy({ consultationId });
      const before = current ? findingsSnapshot(current) : null;
      const saved = await findings.save(
        Object.assign(current ?? findings.create({ consultationId }), {
          responseCount: input.responseCount,
          summary: input.summary.trim(),
          reportUrl: input.reportUrl ?? null,
          dataUrl: input.dataUrl ?? null,
          decision: input.decision?.trim() || null,
          decisionDate: input.decisionDate ?? null,
          recordedBy: caller.memberId,
        }),
      );
      await this.audit.record(manager, caller, {
        action: current ? 'findings.update' : 'findings.record',
        entityType: 'consultation',
        entityId: consultationId,
        before,
        after: findingsSnapshot(saved),
      });
      // Its first findings make it a DUPLICATE of later plans on its topic beyond the look-around (a reuse hint).
      if (!current) await this.consultations.changedBeside(manager, consultation, caller);
      return consultation;
    });
  }

  /** CLOSED → REPORTED: publishes the "we asked, you said, we did" statement, in one transaction with the move. */
  async publish(caller: Caller, consultationId: string, statement: string): Promise<ConsultationEntity> {
    const text = statement.trim();
    if (!text) throw AppError.badInput('statement', 'statement must not be empty');
    if (text.length > FINDINGS_LIMITS.statement) throw AppError.badInput('statement', `statement must be at most ${FINDINGS_LIMITS.statement} characters`);
    try {
      return await this.consultations.transition(caller, consultationId, ['CLOSED'], 'REPORTED', (manager, consultation) => this.writeStatement(manager, caller, consultation, text));
    } catch (error) {
      // transition names its argument "id"; this mutation's is consultationId.
      if (error instanceof AppError && error.code === ErrorCode.NOT_FOUND) throw AppError.notFound('Consultation', 'consultationId');
      throw error;
    }
  }

  private async writeStatement(manager: EntityManager, caller: Caller, consultation: ConsultationEntity, statement: string): Promise<void> {
    const findings = manager.getRepository(FindingsEntity);
    const current = await findings.findOneBy({ consultationId: consultation.id });
    if (!current) throw AppError.badInput('consultationId', 'Record its findings (recordFindings) before publishing the response');
    const before = findingsSnapshot(current);
    await findings.update({ consultationId: consultation.id }, { statement, publishedAt: () => 'now()' });
    const after = await findings.findOneByOrFail({ consultationId: consultation.id });
    await this.audit.record(manager, caller, { action: 'findings.publish', entityType: 'consultation', entityId: consultation.id, before, after: findingsSnapshot(after) });
  }

  /** The findings of these consultations, with their status and close (relation fields load them in one query). */
  async forConsultations(ids: readonly string[]): Promise<Map<string, FindingsOf>> {
    const rows: FindingsOf[] = await this.dataSource.query(
      `SELECT f.consultation_id AS "consultationId", f.response_count AS "responseCount", f.summary, f.report_url AS "reportUrl",
              f.data_url AS "dataUrl", f.decision, f.decision_date::text AS "decisionDate", f.statement, f.published_at AS "publishedAt",
              f.recorded_by AS "recordedBy", f.created_at AS "createdAt", f.updated_at AS "updatedAt", f.version,
              c.status, c.start_date::text AS "startDate", c.end_date::text AS "endDate"
         FROM consultation_findings f JOIN consultation c ON c.id = f.consultation_id
        WHERE f.consultation_id = ANY($1::uuid[])`,
      [ids],
    );
    return new Map(rows.map((f) => [f.consultationId, f]));
  }

  /**
   * Past (CLOSED and REPORTED) consultations whose title, summary or findings match, best first:
   * PostgreSQL full-text search with English stemming, over FINDINGS_LOOKAROUND_MONTHS by default.
   */
  async search(caller: Caller, args: FindingsSearchArgs): Promise<FindingsHit[]> {
    const today = this.clock.today();
    const from = args.from ?? lookAroundStart(today, this.config.findings.lookAroundMonths);
    const to = args.to ?? today;
    if (to < from) throw AppError.badInput('to', `to ${to} is before from ${from}`);
    const text = args.text?.trim() || null;
    const params: unknown[] = [text, from, to, FINISHED_STATUSES, args.first];
    const where: string[] = [];
    if (args.areaCodes?.length) {
      const areas = await this.areas.resolveSelection(args.areaCodes, 'areaCodes');
      params.push(areas.lineageIds, areas.blockIds);
      where.push(`(c.area_block_ids && $${params.length - 1}::uuid[] OR c.area_lineage_ids && $${params.length}::uuid[])`);
    }
    if (args.audienceCodes?.length) {
      const audiences = await this.audiences.resolveSelection(args.audienceCodes, 'audienceCodes');
      params.push(audiences.lineageIds, audiences.audiences.map((a) => a.id));
      where.push(`(c.audience_ids && $${params.length - 1}::uuid[] OR c.audience_lineage_ids && $${params.length}::uuid[])`);
    }
    const rows: { id: string; rank: number; snippet: string }[] = await this.dataSource.query(
      `WITH q AS (SELECT websearch_to_tsquery('english', coalesce($1, '')) AS q)
       SELECT c.id, ts_rank(c.search || coalesce(f.search, ''::tsvector), q.q) AS rank,
              CASE WHEN $1::text IS NULL THEN left(coalesce(f.summary, c.summary), ${SNIPPET_LENGTH})
                   ELSE ts_headline('english', concat_ws(' ', c.title || '.', c.summary, f.summary, f.decision, f.statement), q.q, ${HEADLINE}) END AS snippet
         FROM consultation c
         LEFT JOIN consultation_findings f ON f.consultation_id = c.id
        CROSS JOIN q
        WHERE c.status = ANY($4::text[]) AND c.end_date >= $2::date AND c.start_date <= $3::date
          AND ($1::text IS NULL OR c.search @@ q.q OR f.search @@ q.q)
          ${where.map((w) => `AND ${w}`).join(' ')}
        ORDER BY rank DESC, c.end_date DESC, c.id
        LIMIT $5`,
      params,
    );
    const found = new Map((await this.repository.findVisibleByIds(rows.map((r) => r.id), caller.organisationId)).map((c) => [c.id, c]));
    return rows.filter((r) => found.has(r.id)).map((r) => ({ consultation: found.get(r.id)!, rank: Number(r.rank), snippet: r.snippet }));
  }
}
