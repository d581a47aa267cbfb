import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentCaller } from '../auth/auth.decorators';
import { Caller } from '../auth/caller';
import { toConflictModel } from '../conflicts/conflict.model';
import { ConsultationFilter } from '../consultations/consultation.inputs';
import { mapConsultation } from '../consultations/consultation.model';
import { ConsultationExportService, CsvFile } from './consultation-export.service';
import { ConsultationImportService, IMPORT_LIMITS } from './consultation-import.service';
import { ConsultationImportModel, CsvFileModel } from './spreadsheets.model';

const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8';

@Resolver()
export class SpreadsheetsResolver {
  constructor(
    private readonly imports: ConsultationImportService,
    private readonly exports: ConsultationExportService,
  ) {}

  @Mutation(() => ConsultationImportModel, {
    description: `Registers a forward plan from CSV (up to ${IMPORT_LIMITS.rows} rows), all or nothing: every row is checked first and any problem means nothing is written. dryRun reports the same without keeping anything.`,
  })
  async importConsultations(
    @CurrentCaller() caller: Caller,
    @Args('csv', { description: 'Header: title, summary, organisation code, start, end, area codes, audience codes, topics, channels, status' }) csv: string,
    @Args('dryRun', { type: () => Boolean, nullable: true, defaultValue: false }) dryRun: boolean,
  ): Promise<ConsultationImportModel> {
    const report = await this.imports.importCsv(caller, csv, dryRun ?? false);
    return {
      ...report,
      rows: report.rows.map((row) => ({
        ...row,
        consultation: row.consultation ? mapConsultation(row.consultation) : null,
        conflicts: row.conflicts.map(toConflictModel),
      })),
    };
  }

  @Query(() => CsvFileModel, { description: 'The consultations a filter finds, as a spreadsheet that imports again' })
  async exportConsultations(@CurrentCaller() caller: Caller, @Args('filter', { type: () => ConsultationFilter, nullable: true }) filter?: ConsultationFilter): Promise<CsvFileModel> {
    return csv(await this.exports.consultationsCsv(caller, filter));
  }

  @Query(() => CsvFileModel, { description: 'The conflicts of the consultations a filter finds, each once' })
  async exportConflicts(@CurrentCaller() caller: Caller, @Args('filter', { type: () => ConsultationFilter, nullable: true }) filter?: ConsultationFilter): Promise<CsvFileModel> {
    return csv(await this.exports.conflictsCsv(caller, filter));
  }
}

function csv(file: CsvFile): CsvFileModel {
  return { ...file, contentType: CSV_CONTENT_TYPE };
}
