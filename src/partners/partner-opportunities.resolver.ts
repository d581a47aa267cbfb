import { Args, ID, Int, Query, Resolver } from '@nestjs/graphql';
import { CurrentCaller } from '../auth/auth.decorators';
import { Caller } from '../auth/caller';
import { ConsultationInput } from '../consultations/consultation.inputs';
import { ConsultationModel, mapConsultation } from '../consultations/consultation.model';
import { DEFAULT_PARTNER_OPPORTUNITIES, MAX_PARTNER_OPPORTUNITIES, PartnerOpportunitiesService } from './partner-opportunities.service';

@Resolver()
export class PartnerOpportunitiesResolver {
  constructor(private readonly service: PartnerOpportunitiesService) {}

  @Query(() => [ConsultationModel], {
    description:
      "For planning forms, beside checkConsultation: other organisations' PLANNED or LIVE consultations open to partner questions (setOpenToPartners) that the plan could join instead (requestToJoin), whatever their topic and whether or not they clash. Each runs within the clash gap (CLASH_GAP_DAYS, 14 by default) of the plan's dates, shares territory with its areas and reaches its audiences through the hierarchy; those your organisation has asked to join already are left out. Overlapping ones first, then by start date. Validated like checkConsultation; writes nothing",
  })
  async partnerOpportunities(
    @CurrentCaller() caller: Caller,
    @Args('input') input: ConsultationInput,
    @Args('excludeId', { type: () => ID, nullable: true, description: 'The consultation being edited, left out' }) excludeId?: string,
    @Args('limit', { type: () => Int, defaultValue: DEFAULT_PARTNER_OPPORTUNITIES, description: `How many at most, 1 to ${MAX_PARTNER_OPPORTUNITIES}` }) limit = DEFAULT_PARTNER_OPPORTUNITIES,
  ): Promise<ConsultationModel[]> {
    return (await this.service.find(caller, input, excludeId, limit)).map(mapConsultation);
  }
}
