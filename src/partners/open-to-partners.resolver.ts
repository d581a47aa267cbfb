import { Args, Context, ID, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import DataLoader from 'dataloader';
import { CurrentCaller } from '../auth/auth.decorators';
import { Caller } from '../auth/caller';
import { perRequestLoader } from '../common/graphql/per-request';
import { ConflictModel } from '../conflicts/conflict.model';
import { ConsultationModel, mapConsultation } from '../consultations/consultation.model';
import { OpenToPartnersService } from './open-to-partners.service';

function openLoader(context: object, service: OpenToPartnersService): DataLoader<string, boolean> {
  return perRequestLoader(context, 'openToPartners', () => new DataLoader<string, boolean>(async (ids) => {
    const open = await service.openOf(ids);
    return ids.map((id) => open.has(id));
  }));
}

@Resolver(() => ConsultationModel)
export class ConsultationOpenToPartnersResolver {
  constructor(private readonly service: OpenToPartnersService) {}

  @Mutation(() => ConsultationModel, { description: "Marks your organisation's DRAFT, PLANNED or LIVE consultation open to partner questions (or not): others asking the same people are pointed to it" })
  async setOpenToPartners(@CurrentCaller() caller: Caller, @Args('id', { type: () => ID }) id: string, @Args('open') open: boolean): Promise<ConsultationModel> {
    return mapConsultation(await this.service.set(caller, id, open));
  }

  @ResolveField(() => Boolean, { description: 'Open to partner questions (setOpenToPartners): other organisations are welcome to join it with theirs (requestToJoin)' })
  openToPartners(@Parent() c: ConsultationModel, @Context() context: object): Promise<boolean> {
    return openLoader(context, this.service).load(c.id);
  }
}

@Resolver(() => ConflictModel)
export class ConflictOpenToPartnersResolver {
  constructor(private readonly service: OpenToPartnersService) {}

  @ResolveField(() => Boolean, {
    description: 'The other consultation is open to partner questions: rather than ask the same people separately, ask to join it (requestToJoin). False for a FATIGUE or BLACKOUT conflict',
  })
  async otherOpenToPartners(@Parent() conflict: ConflictModel, @Context() context: object): Promise<boolean> {
    return conflict.otherId ? openLoader(context, this.service).load(conflict.otherId) : false;
  }
}
