import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Caller, isCoordinator } from '../auth/caller';
import { Clock } from '../common/clock';
import { AppError, ErrorCode } from '../common/errors/app-error';
import { ConflictsService } from '../conflicts/conflicts.service';
import { ConsultationEntity } from '../consultations/consultation.entity';
import { ConsultationsRepository } from '../consultations/consultations.repository';
import { ConsultationReview, ReviewReads } from './review-reads';
import { ReviewConsultationArgs } from './review.inputs';
import { ReviewNotifier } from './review-notifier';
import { basisOf } from './review.rules';

/**
 * Network review: the coordinator agrees to a plan's launch, or asks for changes with a note (the
 * plan's lead officer, else its organisation's officers, are emailed the decision); the launch gate refuses a plan the settings send to review until agreed (REVIEW_REQUIRED).
 */
@Injectable()
export class ReviewsService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly reads: ReviewReads,
    private readonly conflicts: ConflictsService,
    private readonly consultations: ConsultationsRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly notifier: ReviewNotifier,
  ) {}

  onModuleInit(): void {
    this.conflicts.registerLaunchGate((manager, consultation, unacknowledgedHigh) => this.gate(manager, consultation, unacknowledgedHigh));
  }

  queue(caller: Caller): Promise<ConsultationReview[]> {
    if (!isCoordinator(caller)) throw AppError.forbidden('Only the network coordinator sees the review queue');
    return this.reads.queue();
  }

  /** Where these consultations stand: the owning organisation and coordinators see it, others nothing. */
  async visibleTo(caller: Caller, consultations: readonly { id: string; organisationId: string; status: string }[]): Promise<Map<string, ConsultationReview>> {
    const ids = consultations.filter((c) => ['DRAFT', 'PLANNED'].includes(c.status) && (isCoordinator(caller) || c.organisationId === caller.organisationId)).map((c) => c.id);
    return this.reads.of(ids);
  }

  async review(caller: Caller, { id, agree, note }: ReviewConsultationArgs): Promise<ConsultationReview> {
    if (!isCoordinator(caller)) throw AppError.forbidden('Only the network coordinator reviews plans');
    const trimmed = note.trim();
    const decided = await this.dataSource.transaction(async (manager) => {
      // Locked as a launch locks it: a decision and a launch of one plan never cross.
      const consultation = await this.consultations.findVisible(id, caller.organisationId, manager, true);
      if (!consultation) throw AppError.notFound('Consultation');
      if (consultation.status !== 'PLANNED') throw AppError.badInput('id', `A ${consultation.status} consultation is not awaiting review: only a PLANNED one is`);
      const before = (await this.reads.of([id], manager)).get(id)!;
      if (before.status === 'NOT_NEEDED') throw AppError.badInput('id', `"${consultation.title}" needs no review under the network's settings`);
      const basis = basisOf(before.reasons);
      await manager.query(
        `INSERT INTO consultation_review (consultation_id, consultation_version, agree, note, basis, reasons, reviewed_by, reviewed_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [id, consultation.version, agree, trimmed, basis, JSON.stringify(before.reasons), caller.memberId, this.clock.now()],
      );
      await this.audit.record(manager, caller, {
        action: agree ? 'consultation.review.agree' : 'consultation.review.changes_requested',
        entityType: 'consultation',
        entityId: id,
        before: { status: before.status },
        after: { agree, note: trimmed, reasons: before.reasons.map((r) => r.kind), basis },
      });
      return (await this.reads.of([id], manager)).get(id)!;
    });
    // The plan's owner hears of it once it stands.
    this.notifier.decided({ consultationId: id, agree, note: trimmed, reviewedBy: caller.memberId });
    return decided;
  }

  /**
   * At launch, under the consultation's lock: refuses with REVIEW_REQUIRED while a review the
   * settings ask for is not agreed, and answers whether an agreement lets it launch over its
   * unacknowledged HIGH clashes. Without REVIEW_UNACKNOWLEDGED_HIGH those refuse first, as always.
   */
  private async gate(manager: EntityManager, consultation: ConsultationEntity, unacknowledgedHigh: boolean): Promise<boolean> {
    if (unacknowledgedHigh && !this.reads.settings.unacknowledgedHigh) return false;
    const review = (await this.reads.of([consultation.id], manager)).get(consultation.id)!;
    if (review.status === 'NOT_NEEDED' || review.status === 'AGREED') return review.status === 'AGREED';
    throw reviewRequired(consultation.title, review);
  }
}

function reviewRequired(title: string, review: ConsultationReview): AppError {
  const why = review.reasons.map((r) => `- ${r.explanation}`).join('\n');
  const asked = review.status === 'CHANGES_REQUESTED' ? ` The coordinator asked for changes: ${review.latest!.note}` : '';
  return new AppError(
    ErrorCode.REVIEW_REQUIRED,
    `"${title}" cannot go live until the network coordinator agrees (reviewConsultation).${asked}\n${why}`,
    'id',
    {
      awaiting: 'COORDINATOR_AGREEMENT',
      reviewStatus: review.status,
      reasons: review.reasons.map(({ kind, explanation }) => ({ kind, explanation })),
      ...(review.status === 'CHANGES_REQUESTED' ? { note: review.latest!.note } : {}),
    },
  );
}
