import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Caller } from '../auth/caller';
import { currentDeadline } from '../common/deadline/request-deadline';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.token';
import { CODE_PATTERN } from '../organisations/organisation.inputs';
import { readSheet, RowProblem, sheetDate, SheetColumn, SheetRow, splitList } from '../spreadsheets/read-sheet';
import { AREA_LEVELS, AreaLevel } from './area.entity';
import { CreateAreaInput, UpdateAreaInput } from './area.inputs';
import { AreasService, endsBeforeItBegins } from './areas.service';

export const AREA_IMPORT_LIMITS = { rows: 5000 } as const;

type AreaField = 'code' | 'name' | 'level' | 'parentCode' | 'memberCodes' | 'validFrom' | 'validTo';

export const AREA_COLUMNS: readonly SheetColumn<AreaField>[] = [
  { field: 'code', header: 'code', required: true, aliases: ['area code', 'gss code'] },
  { field: 'name', header: 'name', required: false, aliases: ['area name'] },
  { field: 'level', header: 'level', required: false, aliases: [] },
  { field: 'parentCode', header: 'within', required: false, aliases: ['parent code', 'parent'] },
  { field: 'memberCodes', header: 'union of', required: false, aliases: ['member codes', 'members'] },
  { field: 'validFrom', header: 'valid from', required: false, aliases: [] },
  { field: 'validTo', header: 'valid to', required: false, aliases: ['valid until'] },
];

export type AreaImportAction = 'CREATE' | 'UPDATE' | 'UNCHANGED';

export interface ImportedArea {
  line: number;
  code: string;
  name: string;
  action: AreaImportAction;
}

export interface AreaImportReport {
  dryRun: boolean;
  imported: boolean;
  rowCount: number;
  ignoredColumns: string[];
  problems: RowProblem[];
  rows: ImportedArea[];
}

interface Known {
  code: string;
  name: string;
  level: AreaLevel;
  parentCode: string | null;
  validFrom: string | null;
  validTo: string | null;
}

/** A row and what it will do: create an area, change one, or nothing. */
interface Planned {
  row: ImportedArea;
  create?: CreateAreaInput;
  update?: UpdateAreaInput;
}

/** Thrown inside the transaction of a dry run so that everything it wrote is rolled back. */
class DryRunRollback extends Error {}

/**
 * Loads areas from CSV, all or nothing: a boundary review's new wards (valid from the day they
 * take effect) and the old ones ended the day before, or a set of county divisions as unions of
 * wards. A code the register has is changed (name and dates only: an area's place never
 * changes); a new code is created, within an area already there or one earlier in the file.
 * Every row is checked before anything is written, and a dry run writes and rolls back.
 */
@Injectable()
export class AreaImportService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly areas: AreasService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async importCsv(caller: Caller | undefined, csv: string, dryRun: boolean): Promise<AreaImportReport> {
    currentDeadline()?.extendTo(this.config.importDeadlineMs); // as for a forward plan
    const sheet = readSheet(csv, AREA_IMPORT_LIMITS.rows, AREA_COLUMNS);
    const report = (problems: RowProblem[], rows: ImportedArea[] = []): AreaImportReport => ({
      dryRun,
      imported: !dryRun && problems.length === 0,
      rowCount: sheet.rowCount,
      ignoredColumns: sheet.ignoredColumns,
      problems: problems.sort((a, b) => a.line - b.line),
      rows,
    });
    if (sheet.problems.length) return report(sheet.problems);
    const known = await this.known(sheet.rows.flatMap((row) => [row.cell('code'), row.cell('parentCode'), ...splitList(row.cell('memberCodes'))]));
    const problems: RowProblem[] = [];
    const planned = sheet.rows.map((row) => plan(row, known, problems));
    if (problems.length) return report(problems);
    try {
      await this.dataSource.transaction(async (manager) => {
        for (const step of planned) {
          if (step.create) await this.areas.create(caller, step.create, manager);
          if (step.update) await this.areas.update(caller, step.row.code, step.update, manager);
        }
        if (dryRun) throw new DryRunRollback();
      });
    } catch (error) {
      if (!(error instanceof DryRunRollback)) throw error;
    }
    return report([], planned.map((step) => step.row));
  }

  private async known(codes: string[]): Promise<Map<string, Known>> {
    const rows: Known[] = await this.dataSource.query(
      `SELECT a.code, a.name, a.level, p.code AS "parentCode", a.valid_from::text AS "validFrom", a.valid_to::text AS "validTo"
         FROM area a LEFT JOIN area p ON p.id = a.parent_id WHERE a.code = ANY($1)`,
      [[...new Set(codes.filter(Boolean))]],
    );
    return new Map(rows.map((row) => [row.code, row]));
  }
}

/**
 * What one row will do, checked against the register and the rows above it; its problems go to
 * `problems`. A new area joins `known`, so a later row may lie within it.
 */
function plan(row: SheetRow<AreaField>, known: Map<string, Known>, problems: RowProblem[]): Planned {
  const before = problems.length;
  const problem = (field: AreaField, message: string) => problems.push(row.problem(field, message));
  const code = row.cell('code');
  const name = row.cell('name');
  const level = row.cell('level').toUpperCase().replace(/[\s-]+/g, '_');
  const parentCode = row.cell('parentCode');
  const memberCodes = splitList(row.cell('memberCodes'));
  const [validFrom, validTo] = (['validFrom', 'validTo'] as const).map((field) => {
    const read = sheetDate(row, field, false);
    if ('problem' in read) problems.push(read.problem);
    return 'date' in read ? read.date : '';
  });

  if (!code || code.length > 32 || !CODE_PATTERN.test(code)) problem('code', `"${code}" is not an area code: 1–32 letters, digits, dot, dash or underscore`);
  if (name.length > 200) problem('name', 'A name has at most 200 characters');
  if (level && !(AREA_LEVELS as readonly string[]).includes(level)) problem('level', `"${row.cell('level')}" is not a level (one of ${AREA_LEVELS.join(', ')})`);
  const current = known.get(code);
  // The dates the area would have: the row's, or what it has where the row leaves a date out.
  const backwards = endsBeforeItBegins(validFrom || current?.validFrom, validTo || current?.validTo);
  if (backwards) problem('validTo', backwards);
  const result: ImportedArea = { line: row.line, code, name: name || current?.name || '', action: 'UNCHANGED' };

  if (current) {
    // An area's place in the tree never changes: the consultations registered on it are compared on it.
    if (level && level !== current.level) problem('level', `${code} is already a ${current.level.toLowerCase()}; an area's level never changes`);
    if (parentCode && parentCode !== current.parentCode) problem('parentCode', `${code} already lies within ${current.parentCode ?? 'nothing'}; an area's place never changes`);
    if (memberCodes.length) problem('memberCodes', `${code} already exists; the areas a union is made of never change`);
    const update: UpdateAreaInput = {
      ...(name && name !== current.name ? { name } : {}),
      ...(validFrom && validFrom !== current.validFrom ? { validFrom } : {}),
      ...(validTo && validTo !== current.validTo ? { validTo } : {}),
    };
    if (Object.keys(update).length === 0) return { row: result };
    return { row: { ...result, action: 'UPDATE' }, update };
  }

  if (!name) problem('name', `${code} is a new area: give its name`);
  if (!level && !memberCodes.length) problem('level', `${code} is a new area: give its level (or the areas it is the union of)`);
  if (parentCode && memberCodes.length) problem('memberCodes', 'An area is either within another or the union of others, not both');
  if (parentCode && !known.has(parentCode)) problem('parentCode', `Unknown area code: ${parentCode} (an area in the file must come before those within it)`);
  if (memberCodes.length > 500) problem('memberCodes', 'A union is of at most 500 areas');
  const missing = memberCodes.filter((member) => !known.has(member));
  if (missing.length) problem('memberCodes', `Unknown area code${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}`);
  if (problems.length > before) return { row: result };
  const create: CreateAreaInput = {
    code,
    name,
    level: (memberCodes.length ? 'COMPOSITE' : level) as AreaLevel,
    ...(parentCode ? { parentCode } : {}),
    ...(memberCodes.length ? { memberCodes } : {}),
    ...(validFrom ? { validFrom } : {}),
    ...(validTo ? { validTo } : {}),
  };
  known.set(code, { code, name, level: create.level, parentCode: parentCode || null, validFrom: validFrom || null, validTo: validTo || null });
  return { row: { ...result, action: 'CREATE' }, create };
}
