import { Module } from '@nestjs/common';
import { ConflictsModule } from '../conflicts/conflicts.module';
import { ConsultationsModule } from '../consultations/consultations.module';
import { ConsultationExportService } from './consultation-export.service';
import { ConsultationImportService } from './consultation-import.service';
import { SpreadsheetsResolver } from './spreadsheets.resolver';

// Forward plans in and out of spreadsheets (CSV).
@Module({
  imports: [ConsultationsModule, ConflictsModule],
  providers: [ConsultationImportService, ConsultationExportService, SpreadsheetsResolver],
  exports: [ConsultationImportService, ConsultationExportService],
})
export class SpreadsheetsModule {}
