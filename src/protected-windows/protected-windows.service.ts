import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Caller, isCoordinator } from '../auth/caller';
import { AppError } from '../common/errors/app-error';
import { Protection } from '../conflicts/clash-rules';
import { ConsultationEntity } from '../consultations/consultation.entity';
import { ConsultationsRepository } from '../consultations/consultations.repository';
import { ConsultationsService } from '../consultations/consultations.service';

/**
 * Protected windows: the network coordinator keeps a flagship consultation's dates, widened by some
 * days before and after, clear of others reaching its people (conflict kind PROTECTED). Setting,
 * changing or lifting a protection judges the consultation's conflicts again in the same
 * transaction, catching the plans its window now reaches and releasing those it no longer does.
 */
@Injectable()
export class ProtectedWindowsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: ConsultationsRepository,
    private readonly consultations: ConsultationsService,
    private readonly audit: AuditService,
  ) {}

  /** Protects the consultation with `protection`, or lifts its protection when null. */
  async set(caller: Caller, id: string, protection: Protection | null): Promise<ConsultationEntity> {
    if (!isCoordinator(caller)) throw AppError.forbidden('Only the network coordinator protects consultations');
    return this.dataSource.transaction(async (manager) => {
      const consultation = await this.repository.findVisible(id, caller.organisationId, manager, true);
      if (!consultation) throw AppError.notFound('Consultation');
      if (protection && consultation.status === 'CANCELLED') throw AppError.badInput('id', 'A CANCELLED consultation reaches no one: there is nothing to protect');
      const before = protectionOf(consultation);
      await manager.query(
        `UPDATE consultation SET protected_days_before = $2, protected_days_after = $3, version = version + 1, updated_at = now(), updated_by = $4 WHERE id = $1`,
        [id, protection?.daysBefore ?? null, protection?.daysAfter ?? null, caller.memberId],
      );
      await this.audit.record(manager, caller, {
        action: protection ? 'consultation.protected' : 'consultation.unprotected',
        entityType: 'consultation',
        entityId: id,
        before: { protection: before },
        after: { protection },
      });
      const saved = await manager.findOneByOrFail(ConsultationEntity, { id });
      await this.consultations.changedBeside(manager, saved, caller);
      return saved;
    });
  }
}

function protectionOf(c: ConsultationEntity): Protection | null {
  return c.protectedDaysBefore === null ? null : { daysBefore: c.protectedDaysBefore, daysAfter: c.protectedDaysAfter! };
}
