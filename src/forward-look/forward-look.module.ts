import { Module } from '@nestjs/common';
import { ConsultationsModule } from '../consultations/consultations.module';
import { SpreadsheetsModule } from '../spreadsheets/spreadsheets.module';
import { ForwardLookController } from './forward-look.controller';
import { ForwardLookService } from './forward-look.service';

// The public forward look: a page, feeds and the public register as CSV, without a key.
@Module({
  imports: [ConsultationsModule, SpreadsheetsModule],
  controllers: [ForwardLookController],
  providers: [ForwardLookService],
})
export class ForwardLookModule {}
