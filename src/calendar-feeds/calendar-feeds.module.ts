import { Module } from '@nestjs/common';
import { ConflictsModule } from '../conflicts/conflicts.module';
import { ConsultationsModule } from '../consultations/consultations.module';
import { CalendarFeedsController } from './calendar-feeds.controller';
import { CalendarFeedsResolver } from './calendar-feeds.resolver';
import { FeedTokensService } from './feed-tokens.service';

// iCalendar feeds of the register and of blackout periods, opened by revocable feed tokens.
@Module({
  imports: [ConsultationsModule, ConflictsModule],
  controllers: [CalendarFeedsController],
  providers: [FeedTokensService, CalendarFeedsResolver],
})
export class CalendarFeedsModule {}
