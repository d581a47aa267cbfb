import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { DataSource } from 'typeorm';
import { Caller, canWrite, isCoordinator } from '../auth/caller';
import { compareCodeUnits } from '../common/compare';
import { currentDeadline } from '../common/deadline/request-deadline';
import { isUniqueViolation } from '../common/database/unique-violation';
import { AppError } from '../common/errors/app-error';
import { validationProblems } from '../common/validation.pipe';
import { ConflictView } from '../conflicts/conflict-store';
import { dryRunId } from '../conflicts/conflict.model';
import { ConflictsService } from '../conflicts/conflicts.service';
import { ConsultationEntity } from '../consultations/consultation.entity';
import { dryRunTransaction } from '../consultations/dry-run-transaction';
import { ConsultationInput } from '../consultations/consultation.inputs';
import { ConsultationsService, Registration, ResolvedPlan } from '../consultations/consultations.service';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.token';
import { OrganisationEntity } from '../organisations/organisation.entity';
import { CsvReading, ImportRow, readConsultationCsv } from './read-consultation-csv';
import { RowProblem } from './read-sheet';

export const IMPORT_LIMITS = { rows: 2000 } as const;

export interface ImportedRow {
  line: number;
  organisationCode: string;
  /** Null after a dry run: nothing was kept. */
  consultation: ConsultationEntity | null;
  /** Written out even for a dry run, where they cannot be looked up afterwards. */
  title: string;
  startDate: string;
  endDate: string;
  conflicts: ConflictView[];
}

export interface ImportReport {
  dryRun: boolean;
  imported: boolean;
  rowCount: number;
  ignoredColumns: string[];
  problems: RowProblem[];
  rows: ImportedRow[];
}

interface CheckedRow {
  row: ImportRow;
  organisation: OrganisationEntity;
  plan: ResolvedPlan;
}

/**
 * Imports a forward plan all or nothing: every row is checked first, by the same rules as
 * registerConsultation, and one bad row means nothing is written. The rows' conflicts are then
 * worked out together where they stand, in a transaction that is rolled back and that no writer
 * waits on (dryRunTransaction), rows of the file with each other included. A dry run reports
 * them; an apply registers the rows and keeps those conflicts in one transaction, the only one
 * holding the territories' locks (ConflictsService.judgeImport, keepImport).
 */
@Injectable()
export class ConsultationImportService {
  private readonly logger = new Logger(ConsultationImportService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly consultations: ConsultationsService,
    private readonly conflicts: ConflictsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async importCsv(caller: Caller, csv: string, dryRun: boolean): Promise<ImportReport> {
    if (!canWrite(caller)) throw AppError.forbidden('Viewers cannot import consultations');
    // A file at its row limit takes longer than an everyday request may (IMPORT_DEADLINE_MS).
    currentDeadline()?.extendTo(this.config.importDeadlineMs);
    const reading = readConsultationCsv(csv, IMPORT_LIMITS.rows);
    const report = (problems: RowProblem[], rows: ImportedRow[] = []): ImportReport => ({
      dryRun,
      imported: !dryRun && !problems.length,
      rowCount: reading.rowCount,
      ignoredColumns: reading.ignoredColumns,
      problems: problems.sort((a, b) => a.line - b.line),
      rows,
    });
    const { checked, problems } = await this.check(caller, reading);
    problems.push(...reading.problems);
    if (problems.length) return report(problems);
    try {
      return report([], dryRun ? await this.preview(caller, checked) : await this.write(caller, checked));
    } catch (error) {
      if (isUniqueViolation(error, 'consultation_registration_key')) {
        return report([{ line: 1, column: null, field: 'csv', message: 'Another registration of one of these consultations was made while the file was being imported; nothing was imported. Import it again to see which.' }]);
      }
      throw error;
    }
  }

  // Problems name their column as the file writes it ("Areas"), not as the layout does ("area codes").
  private async check(caller: Caller, { rows, columnOf }: CsvReading): Promise<{ checked: CheckedRow[]; problems: RowProblem[] }> {
    const organisations = new Map((await this.dataSource.getRepository(OrganisationEntity).find()).map((o) => [o.code.toUpperCase(), o]));
    const own = [...organisations.values()].find((o) => o.id === caller.organisationId)!;
    const checked: CheckedRow[] = [];
    const problems: RowProblem[] = [];
    const firstLineOf = new Map<string, number>();
    for (const row of rows) {
      const problem = (field: string, message: string) => problems.push({ line: row.line, column: columnOf(field), field, message });
      const organisation = row.organisationCode ? organisations.get(row.organisationCode) : own;
      if (!organisation) {
        problem('organisationCode', `"${row.organisationCode}" is not an organisation of the network`);
        continue;
      }
      if (organisation.id !== own.id && !isCoordinator(caller)) {
        problem('organisationCode', `You can import only your own organisation's consultations (${own.code}); a coordinator can import for others`);
        continue;
      }
      const invalid = validationProblems(await validate(plainToInstance(ConsultationInput, row.input)));
      if (invalid.length) {
        invalid.forEach((p) => problem(p.field, p.message));
        continue;
      }
      let plan: ResolvedPlan;
      try {
        plan = await this.consultations.resolvePlan(row.input);
      } catch (error) {
        if (!(error instanceof AppError) || !error.field) throw error;
        problem(error.field, error.message);
        continue;
      }
      const key = registrationKey(organisation.id, plan);
      const earlier = firstLineOf.get(key);
      if (earlier) problem('title', `Repeats line ${earlier}: the same title and dates for ${organisation.code}`);
      else firstLineOf.set(key, row.line);
      checked.push({ row, organisation, plan });
    }
    for (const { row, organisation, plan } of await this.alreadyRegistered(checked)) {
      problems.push({ line: row.line, column: columnOf('title'), field: 'title', message: `${organisation.code} has already registered "${plan.title}" for ${plan.startDate} to ${plan.endDate}` });
    }
    return { checked, problems };
  }

  // The rows the registration index would refuse: found in one query rather than one failed insert.
  private async alreadyRegistered(checked: CheckedRow[]): Promise<CheckedRow[]> {
    if (!checked.length) return [];
    const found: { key: string }[] = await this.dataSource.query(
      `SELECT c.organisation_id || '|' || lower(c.title) || '|' || c.start_date || '|' || c.end_date AS key
         FROM consultation c
         JOIN unnest($1::uuid[], $2::text[], $3::date[], $4::date[]) AS r(organisation_id, title, start_date, end_date)
           ON c.organisation_id = r.organisation_id AND lower(c.title) = lower(r.title) AND c.start_date = r.start_date AND c.end_date = r.end_date
        WHERE c.status <> 'CANCELLED'`,
      [checked.map((c) => c.organisation.id), checked.map((c) => c.plan.title), checked.map((c) => c.plan.startDate), checked.map((c) => c.plan.endDate)],
    );
    const keys = new Set(found.map((f) => f.key));
    return checked.filter((c) => keys.has(registrationKey(c.organisation.id, c.plan)));
  }

  /**
   * Judged first as a dry run is, where no writer waits on it; then inserted again with the same
   * ids and their conflicts kept, in one transaction that holds the territories' locks only for
   * the writing (judged again under them if another officer changed those territories meanwhile).
   */
  private async write(caller: Caller, checked: CheckedRow[]): Promise<ImportedRow[]> {
    const registrations = registrationsOf(caller, checked).map((registration) => ({ ...registration, id: randomUUID() }));
    const judged = await dryRunTransaction(this.dataSource, organisationIdsOf(checked), async (manager) =>
      this.conflicts.judgeImport(manager, await this.consultations.insertMany(manager, caller, registrations)),
    );
    const created = await this.dataSource.transaction(async (manager) => {
      const inserted = await this.consultations.insertMany(manager, caller, registrations, { audited: true });
      if (await this.conflicts.keepImport(manager, inserted, judged)) {
        this.logger.log(`Judged an import's ${inserted.length} rows again, holding their territories: another write reached them while they were judged`);
      }
      return inserted;
    });
    return importedRows(checked, created, await this.conflicts.forConsultations(caller, created), true);
  }

  private preview(caller: Caller, checked: CheckedRow[]): Promise<ImportedRow[]> {
    return dryRunTransaction(this.dataSource, organisationIdsOf(checked), async (manager) => {
      const created = await this.consultations.insertMany(manager, caller, registrationsOf(caller, checked));
      const conflicts = await this.conflicts.asJudged(caller, created, manager);
      for (const views of conflicts.values()) views.sort(listed);
      return forgetRolledBack(importedRows(checked, created, conflicts, false), new Set(created.map((c) => c.id)));
    });
  }
}

function registrationsOf(caller: Caller, checked: readonly CheckedRow[]): Registration[] {
  return checked.map(({ organisation, plan }) => ({ plan, organisationId: organisation.id, leadOfficerId: leadOfficerOf(caller, organisation) }));
}

function organisationIdsOf(checked: readonly CheckedRow[]): string[] {
  return [...new Set(checked.map((c) => c.organisation.id))];
}

function leadOfficerOf(caller: Caller, organisation: OrganisationEntity): string | null {
  return organisation.id === caller.organisationId ? caller.memberId : null;
}

function importedRows(checked: CheckedRow[], created: ConsultationEntity[], conflicts: Map<string, ConflictView[]>, kept: boolean): ImportedRow[] {
  return checked.map(({ row, organisation }, i): ImportedRow => ({
    line: row.line,
    organisationCode: organisation.code,
    consultation: kept ? created[i] : null,
    title: created[i].title,
    startDate: created[i].startDate,
    endDate: created[i].endDate,
    conflicts: conflicts.get(created[i].id) ?? [],
  }));
}

// The order kept conflicts are listed in (ORDER_KEYS in conflict-store.ts): severity, first shared day, kind.
const SEVERITY_ORDER = ['HIGH', 'MEDIUM', 'LOW'];
const KIND_ORDER = ['OVERLAP', 'DUPLICATE', 'FATIGUE', 'BLACKOUT', 'PROTECTED'];
function listed(a: ConflictView, b: ConflictView): number {
  return (
    SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity) ||
    compareCodeUnits(a.overlapStart ?? '9999', b.overlapStart ?? '9999') ||
    KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) ||
    compareCodeUnits(a.id, b.id)
  );
}

function registrationKey(organisationId: string, plan: ResolvedPlan): string {
  return `${organisationId}|${plan.title.toLowerCase()}|${plan.startDate}|${plan.endDate}`;
}

// After a dry run the file's own rows do not exist: their conflicts become unstored views that
// point only at consultations that do (the explanation still names the row it clashes with).
function forgetRolledBack(rows: ImportedRow[], rolledBack: Set<string>): ImportedRow[] {
  return rows.map((row) => ({
    ...row,
    conflicts: row.conflicts.map((c) => ({
      ...c,
      id: dryRunId(c),
      consultationId: '',
      otherId: c.otherId && rolledBack.has(c.otherId) ? null : c.otherId,
      relatedIds: c.relatedIds.filter((id) => !rolledBack.has(id)),
      acknowledgement: null,
    })),
  }));
}
