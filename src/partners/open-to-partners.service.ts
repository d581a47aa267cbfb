import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Caller, canWrite } from '../auth/caller';
import { AppError } from '../common/errors/app-error';
import { ConsultationEntity, ConsultationStatus } from '../consultations/consultation.entity';
import { ConsultationsRepository } from '../consultations/consultations.repository';

/** Consultations that can still take partners' questions: not over, not cancelled. */
const OPEN: readonly ConsultationStatus[] = ['DRAFT', 'PLANNED', 'LIVE'];

/**
 * "Open to partner questions": the owning organisation invites others asking the same people to
 * join (requestToJoin) rather than consult separately; a clash with it says so (otherOpenToPartners).
 * Kept in consultation.open_to_partners, which only this module reads and writes.
 */
@Injectable()
export class OpenToPartnersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: ConsultationsRepository,
    private readonly audit: AuditService,
  ) {}

  async set(caller: Caller, id: string, open: boolean): Promise<ConsultationEntity> {
    if (!canWrite(caller)) throw AppError.forbidden('Viewers cannot change consultations');
    return this.dataSource.transaction(async (manager) => {
      const consultation = await this.repository.findVisible(id, caller.organisationId, manager, true);
      if (!consultation) throw AppError.notFound('Consultation');
      if (consultation.organisationId !== caller.organisationId) throw AppError.forbidden("Only the owning organisation's officers can change this consultation");
      if (!OPEN.includes(consultation.status)) throw AppError.badInput('id', `A ${consultation.status} consultation takes no partner questions`);
      const [[before]]: [{ open: boolean }[]] = await manager.query(
        `UPDATE consultation n SET open_to_partners = $2, version = n.version + 1, updated_at = now(), updated_by = $3
           FROM consultation o WHERE n.id = $1 AND o.id = n.id RETURNING o.open_to_partners AS open`,
        [id, open, caller.memberId],
      );
      await this.audit.record(manager, caller, { action: 'consultation.open_to_partners', entityType: 'consultation', entityId: id, before: { openToPartners: before.open }, after: { openToPartners: open } });
      return manager.findOneByOrFail(ConsultationEntity, { id });
    });
  }

  /** Which of these consultations are open to partner questions (relation fields load them in one query). */
  async openOf(ids: readonly string[]): Promise<Set<string>> {
    const rows: { id: string }[] = await this.dataSource.query(`SELECT id FROM consultation WHERE id = ANY($1::uuid[]) AND open_to_partners`, [ids]);
    return new Set(rows.map((r) => r.id));
  }
}
