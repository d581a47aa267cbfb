import { Module } from '@nestjs/common';
import { AreasModule } from '../areas/areas.module';
import { AudiencesModule } from '../audiences/audiences.module';
import { ConflictsModule } from '../conflicts/conflicts.module';
import { ConsultationsModule } from '../consultations/consultations.module';
import { CalendarResolver } from './calendar.resolver';
import { CalendarService } from './calendar.service';

// The load calendar: how many consultations reach each area's people, period by period.
@Module({
  imports: [ConsultationsModule, ConflictsModule, AreasModule, AudiencesModule],
  providers: [CalendarService, CalendarResolver],
})
export class CalendarModule {}
