import { Field, Int, ObjectType } from '@nestjs/graphql';
import { CalendarDateScalar } from '../common/graphql/calendar-date.scalar';
import { ConflictModel } from '../conflicts/conflict.model';
import { ConsultationModel } from '../consultations/consultation.model';

@ObjectType('ImportProblem', { description: 'Why one row (or the file) cannot be imported' })
export class ImportProblemModel {
  @Field(() => Int, { description: 'Line in the file, the header being line 1' })
  line!: number;

  @Field(() => String, { nullable: true, description: 'The column header as written in the file' })
  column!: string | null;

  @Field({ description: 'The input field of the matching mutation (e.g. areaCodes), or "csv" for the file as a whole' })
  field!: string;

  @Field()
  message!: string;
}

@ObjectType('ImportedConsultation')
export class ImportedConsultationModel {
  @Field(() => Int)
  line!: number;

  @Field()
  organisationCode!: string;

  @Field()
  title!: string;

  @Field(() => CalendarDateScalar)
  startDate!: string;

  @Field(() => CalendarDateScalar)
  endDate!: string;

  @Field(() => ConsultationModel, { nullable: true, description: 'The registered consultation; null after a dry run' })
  consultation!: ConsultationModel | null;

  @Field(() => [ConflictModel], { description: 'What it clashes with, rows of the same file included' })
  conflicts!: ConflictModel[];
}

/** What every spreadsheet import reports besides its rows. */
@ObjectType({ isAbstract: true })
export abstract class ImportReportModel {
  @Field()
  dryRun!: boolean;

  @Field({ description: 'True when every row was applied; false after a dry run or when any row has a problem (then none is)' })
  imported!: boolean;

  @Field(() => Int, { description: 'Rows in the file, blank lines left out' })
  rowCount!: number;

  @Field(() => [String], { description: 'Columns not part of the layout, which were ignored' })
  ignoredColumns!: string[];

  @Field(() => [ImportProblemModel], { description: 'Every problem found, by line; empty when the file is good' })
  problems!: ImportProblemModel[];
}

@ObjectType('ConsultationImport')
export class ConsultationImportModel extends ImportReportModel {

  @Field(() => [ImportedConsultationModel], { description: 'One per row, in file order, when there are no problems' })
  rows!: ImportedConsultationModel[];
}

@ObjectType('CsvFile', { description: 'A spreadsheet as CSV: UTF-8 with a byte-order mark, CRLF line ends, ISO dates' })
export class CsvFileModel {
  @Field()
  filename!: string;

  @Field()
  contentType!: string;

  @Field(() => Int)
  rowCount!: number;

  @Field()
  content!: string;
}
