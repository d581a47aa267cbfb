import { Args, Query, Resolver } from '@nestjs/graphql';
import { CurrentCaller } from '../auth/auth.decorators';
import { Caller } from '../auth/caller';
import { CalendarArgs, CalendarModel } from './calendar.model';
import { CalendarService } from './calendar.service';

@Resolver(() => CalendarModel)
export class CalendarResolver {
  constructor(private readonly service: CalendarService) {}

  @Query(() => CalendarModel, {
    description: 'Consultations live per period and area (and audience, where asked), counted through the hierarchies, with a load level against the FATIGUE rule',
  })
  calendar(@CurrentCaller() caller: Caller, @Args() args: CalendarArgs): Promise<CalendarModel> {
    return this.service.calendar(caller, args);
  }
}
