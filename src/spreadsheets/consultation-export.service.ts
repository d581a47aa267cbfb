import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { stringify } from 'csv-stringify/sync';
import { DataSource } from 'typeorm';
import { Caller } from '../auth/caller';
import { areaCodesSql, areaNamesSql, audienceCodesSql, audienceNamesSql } from '../common/database/name-lists.sql';
import { Clock } from '../common/clock';
import { AppError } from '../common/errors/app-error';
import { ConflictsService } from '../conflicts/conflicts.service';
import { ConsultationEntity } from '../consultations/consultation.entity';
import { ConsultationFilter } from '../consultations/consultation.inputs';
import { ConsultationsService } from '../consultations/consultations.service';
import { CONSULTATION_COLUMNS, LIST_SEPARATOR, safeCell } from './consultation-columns';

export const EXPORT_LIMITS = { rows: 50_000 } as const;

export interface CsvFile {
  filename: string;
  rowCount: number;
  content: string;
}

interface ConsultationRow {
  id: string;
  title: string;
  summary: string;
  organisation_code: string;
  organisation_name: string;
  start_date: string;
  end_date: string;
  area_codes: string[];
  audience_codes: string[];
  area_names: string[];
  audience_names: string[];
  topics: string[];
  channels: string[];
  status: string;
  statutory: boolean;
  expected_respondents: number | null;
  version: number;
  updated_at: Date;
}

/**
 * Spreadsheets of the register that open cleanly in Excel: UTF-8 with a byte-order mark, CRLF,
 * ISO dates, lists in one cell. The consultations sheet starts with the import layout, so an
 * exported file can be edited and imported again.
 */
@Injectable()
export class ConsultationExportService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly consultations: ConsultationsService,
    private readonly conflicts: ConflictsService,
    private readonly clock: Clock,
  ) {}

  async consultationsCsv(caller: Caller, filter: ConsultationFilter = {}): Promise<CsvFile> {
    return this.csvOf(await this.found(caller.organisationId, filter));
  }

  /** The public register (the forward look's CSV): the same columns, public consultations only, so no drafts. */
  async publicConsultationsCsv(filter: ConsultationFilter): Promise<CsvFile> {
    return this.csvOf(withinExportLimit(await this.consultations.publicAll(filter, EXPORT_LIMITS.rows + 1)));
  }

  private async csvOf(found: ConsultationEntity[]): Promise<CsvFile> {
    const rows = await this.rowsFor(found);
    const conflictCounts = await this.conflicts.countsForConsultations(rows.map((r) => r.id));
    const header = [...CONSULTATION_COLUMNS.map((c) => c.header), 'id', 'organisation name', 'area names', 'audience names', 'statutory', 'expected respondents', 'conflicts', 'version', 'updated at'];
    const body = rows.map((r) => [
      r.title, r.summary, r.organisation_code, r.start_date, r.end_date, list(r.area_codes), list(r.audience_codes), list(r.topics), list(r.channels), r.status,
      r.id, r.organisation_name, list(r.area_names), list(r.audience_names), r.statutory ? 'yes' : 'no', r.expected_respondents ?? '', conflictCounts.get(r.id) ?? 0, r.version, r.updated_at.toISOString(),
    ]);
    return csvFile(`consultations-${this.clock.today()}`, header, body);
  }

  /** The conflicts of the consultations the filter finds, each once, from the side of the first found. */
  async conflictsCsv(caller: Caller, filter: ConsultationFilter = {}): Promise<CsvFile> {
    const consultations = await this.found(caller.organisationId, filter);
    const byConsultation = await this.conflicts.forConsultations(caller, consultations);
    const seen = new Set<string>();
    const views = consultations.flatMap((c) => byConsultation.get(c.id) ?? []).filter((v) => !seen.has(v.id) && seen.add(v.id));
    const named = await this.describe([...new Set(views.flatMap((v) => [v.consultationId, v.otherId ?? []].flat()))], [...new Set(views.flatMap((v) => v.blackoutId ?? []))]);
    const header = ['id', 'kind', 'severity', 'consultation', 'organisation', 'start', 'end', 'clashes with', 'its organisation', 'blackout period', 'overlap start', 'overlap end', 'explanation', 'acknowledged at', 'acknowledgement', 'consultation id', 'other id'];
    const body = views.map((v) => {
      const own = named.consultations.get(v.consultationId);
      const other = v.otherId ? named.consultations.get(v.otherId) : undefined;
      return [
        v.id, v.kind, v.severity, own?.title ?? '', own?.organisation ?? '', own?.start_date ?? '', own?.end_date ?? '',
        other?.title ?? '', other?.organisation ?? '', v.blackoutId ? (named.blackouts.get(v.blackoutId) ?? '') : '',
        v.overlapStart ?? '', v.overlapEnd ?? '', v.explanation, v.acknowledgement?.at.toISOString() ?? '', v.acknowledgement?.note ?? '', v.consultationId, v.otherId ?? '',
      ];
    });
    return csvFile(`conflicts-${this.clock.today()}`, header, body);
  }

  private async rowsFor(found: ConsultationEntity[]): Promise<ConsultationRow[]> {
    if (!found.length) return [];
    return this.dataSource.query(
      `SELECT c.id, c.title, c.summary, o.code AS organisation_code, o.name AS organisation_name,
              to_char(c.start_date, 'YYYY-MM-DD') AS start_date, to_char(c.end_date, 'YYYY-MM-DD') AS end_date,
              ${areaCodesSql('c.area_ids')} AS area_codes, ${audienceCodesSql('c.audience_ids')} AS audience_codes,
              ${areaNamesSql('c.area_ids')} AS area_names, ${audienceNamesSql('c.audience_ids')} AS audience_names,
              c.topics, c.channels, c.status, c.statutory, c.expected_respondents, c.version, c.updated_at
         FROM unnest($1::uuid[]) WITH ORDINALITY AS v(id, n)
         JOIN consultation c ON c.id = v.id
         JOIN organisation o ON o.id = c.organisation_id
        ORDER BY v.n`,
      [found.map((c) => c.id)],
    );
  }

  private async found(viewerOrganisationId: string, filter: ConsultationFilter): Promise<ConsultationEntity[]> {
    return withinExportLimit(await this.consultations.all(viewerOrganisationId, filter, EXPORT_LIMITS.rows + 1));
  }

  private async describe(consultationIds: string[], blackoutIds: string[]) {
    const [consultations, blackouts]: [{ id: string; title: string; organisation: string; start_date: string; end_date: string }[], { id: string; name: string }[]] = await Promise.all([
      this.dataSource.query(
        `SELECT c.id, c.title, o.code AS organisation, to_char(c.start_date, 'YYYY-MM-DD') AS start_date, to_char(c.end_date, 'YYYY-MM-DD') AS end_date
           FROM consultation c JOIN organisation o ON o.id = c.organisation_id WHERE c.id = ANY($1::uuid[])`,
        [consultationIds],
      ),
      this.dataSource.query(`SELECT id, name FROM blackout_period WHERE id = ANY($1::uuid[])`, [blackoutIds]),
    ]);
    return { consultations: new Map(consultations.map((c) => [c.id, c])), blackouts: new Map(blackouts.map((b) => [b.id, b.name])) };
  }
}

function list(values: readonly string[]): string {
  return values.join(LIST_SEPARATOR);
}

/** `name` is the file's name without .csv: what it holds and the day it was made. */
function csvFile(name: string, header: string[], body: unknown[][]): CsvFile {
  const content = stringify([header, ...body.map((row) => row.map(safeCell))], { bom: true, record_delimiter: 'windows', quoted_match: /[\r\n]/ });
  return { filename: `${name}.csv`, rowCount: body.length, content };
}

function withinExportLimit(found: ConsultationEntity[]): ConsultationEntity[] {
  if (found.length > EXPORT_LIMITS.rows) throw AppError.badInput('filter', `Export at most ${EXPORT_LIMITS.rows} consultations at once: narrow the filter`);
  return found;
}
