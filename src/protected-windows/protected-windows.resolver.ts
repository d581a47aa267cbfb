import { Args, ID, Mutation, Resolver } from '@nestjs/graphql';
import { CurrentCaller } from '../auth/auth.decorators';
import { Caller } from '../auth/caller';
import { ConsultationModel, mapConsultation } from '../consultations/consultation.model';
import { ProtectConsultationArgs } from './protection.inputs';
import { ProtectedWindowsService } from './protected-windows.service';

@Resolver(() => ConsultationModel)
export class ProtectedWindowsResolver {
  constructor(private readonly service: ProtectedWindowsService) {}

  @Mutation(() => ConsultationModel, {
    description: 'COORDINATOR only: protects a consultation (a flagship survey): any other reaching its audience and territory within its dates widened by daysBefore and daysAfter clashes with it (PROTECTED). Setting it again replaces the days. Audited',
  })
  async protectConsultation(@CurrentCaller() caller: Caller, @Args() { id, daysBefore, daysAfter }: ProtectConsultationArgs): Promise<ConsultationModel> {
    return mapConsultation(await this.service.set(caller, id, { daysBefore, daysAfter }));
  }

  @Mutation(() => ConsultationModel, { description: 'COORDINATOR only: lifts a consultation\'s protection; its PROTECTED clashes are released. Audited' })
  async unprotectConsultation(@CurrentCaller() caller: Caller, @Args('id', { type: () => ID }) id: string): Promise<ConsultationModel> {
    return mapConsultation(await this.service.set(caller, id, null));
  }
}
