import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Caller } from '../auth/caller';
import { addDays } from '../common/dates/calendar-date';
import { AppError } from '../common/errors/app-error';
import { ClashRules } from '../conflicts/clash-rules';
import { CLASH_RULES } from '../conflicts/conflicts.tokens';
import { ConsultationEntity } from '../consultations/consultation.entity';
import { ConsultationInput } from '../consultations/consultation.inputs';
import { ConsultationsRepository } from '../consultations/consultations.repository';
import { ConsultationsService } from '../consultations/consultations.service';

/** How many a planning form is offered, and the most it may ask for. */
export const DEFAULT_PARTNER_OPPORTUNITIES = 5;
export const MAX_PARTNER_OPPORTUNITIES = 20;

// Other organisations' consultations open to partner questions that a plan could join instead of
// asking the same people itself: PLANNED or LIVE, running within the clash rules' gap (gapDays, 14
// by default) of the plan's dates, sharing territory with its areas and reaching its audiences as
// the clash check compares them (area blocks against lineages, audiences through the hierarchy:
// residents reach young people, and young people residents), whatever the topic. Those the caller's
// organisation has asked to join already (pending or accepted) are not offered again. The overlapping
// come first, then by start date. The partial index of migration 1766240000000 holds only the open ones.
export const PARTNER_OPPORTUNITIES_SQL = `
SELECT c.id FROM consultation c
 WHERE c.open_to_partners AND c.status IN ('PLANNED', 'LIVE')
   AND c.period && daterange($1::date, $2::date, '[]')
   AND c.organisation_id <> $3::uuid
   AND (c.area_lineage_ids && $4::uuid[] OR c.area_block_ids && $5::uuid[])
   AND (c.audience_lineage_ids && $6::uuid[] OR c.audience_ids && $7::uuid[])
   AND c.id IS DISTINCT FROM $8::uuid
   AND NOT EXISTS (SELECT 1 FROM join_request r WHERE r.consultation_id = c.id AND r.organisation_id = $3::uuid AND r.status IN ('PENDING', 'ACCEPTED'))
 ORDER BY c.period && daterange($9::date, $10::date, '[]') DESC, c.start_date, c.id
 LIMIT $11`;

/** "Ask to join instead": what a planning form suggests beside the clashes (Query.partnerOpportunities). */
@Injectable()
export class PartnerOpportunitiesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CLASH_RULES) private readonly rules: ClashRules,
    private readonly consultations: ConsultationsService,
    private readonly repository: ConsultationsRepository,
  ) {}

  /** Validates the plan as checkConsultation does; writes nothing. `excludeId`: the consultation being edited. */
  async find(caller: Caller, input: ConsultationInput, excludeId: string | undefined, limit: number): Promise<ConsultationEntity[]> {
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PARTNER_OPPORTUNITIES) throw AppError.badInput('limit', `limit must be from 1 to ${MAX_PARTNER_OPPORTUNITIES}`);
    const plan = await this.consultations.resolvePlan(input);
    const rows: { id: string }[] = await this.dataSource.query(PARTNER_OPPORTUNITIES_SQL, [
      // gapDays counts the clear days between two plans: one more reaches the first day of the other.
      addDays(plan.startDate, -(this.rules.gapDays + 1)),
      addDays(plan.endDate, this.rules.gapDays + 1),
      caller.organisationId,
      plan.areaBlockIds,
      plan.areaLineageIds,
      plan.audienceIds,
      plan.audienceLineageIds,
      excludeId ?? null,
      plan.startDate,
      plan.endDate,
      limit,
    ]);
    const ids = rows.map((r) => r.id);
    // Through the visibility rule every read of a consultation takes: none of these is a draft.
    const found = new Map((await this.repository.findVisibleByIds(ids, caller.organisationId)).map((c) => [c.id, c]));
    return ids.flatMap((id) => found.get(id) ?? []);
  }
}
