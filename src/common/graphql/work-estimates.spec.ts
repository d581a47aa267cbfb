import { buildSchema, parse, OperationDefinitionNode } from 'graphql';
import { operationWork } from './query-work';
import { AREA_IMPORT_LIMITS } from '../../areas/area-import.service';
import { loadConfig } from '../../config/app-config';
import { EXPORT_LIMITS } from '../../spreadsheets/consultation-export.service';
import { IMPORT_LIMITS } from '../../spreadsheets/consultation-import.service';
import { DEFAULT_CALENDAR_ROWS, ROW_WORK, WORK_ESTIMATORS } from './work-estimates';

const schema = buildSchema(`
  input Plan { areaCodes: [String!]!, audienceCodes: [String!]! }
  type Conflict { kind: String }
  type Calendar { cells: Int }
  type Query {
    checkConsultation(input: Plan!): [Conflict!]!
    partnerOpportunities(input: Plan!, limit: Int): [Conflict!]!
    suggestWindows(input: Plan!, from: String!, to: String!): [Conflict!]!
    calendar(from: String!, to: String!, areaCodes: [String!], audienceCodes: [String!], granularity: String = "WEEK"): Calendar!
    me: String
    exportConsultations: String
    exportConflicts: String
  }
  type Mutation {
    importConsultations(csv: String!, dryRun: Boolean): String
    importAreas(csv: String!, dryRun: Boolean): String
  }
`);

const sut = (query: string, variables: Record<string, unknown> = {}) => {
  const document = parse(query);
  return operationWork(schema, document, document.definitions[0] as OperationDefinitionNode, variables, WORK_ESTIMATORS);
};

describe('operationWork with the estimators', () => {
  const plan = { areaCodes: ['A', 'B', 'C'], audienceCodes: ['X', 'Y'] };

  it.each([
    ['a check: areas × audiences', 'query($p: Plan!) { checkConsultation(input: $p) { kind } }', [{ path: 'checkConsultation', work: 6 }]],
    ['partner opportunities: areas × audiences, as a check', 'query($p: Plan!) { partnerOpportunities(input: $p, limit: 20) { kind } }', [{ path: 'partnerOpportunities', work: 6 }]],
    ['each alias on its own', 'query($p: Plan!) { a: checkConsultation(input: $p) { kind } b: checkConsultation(input: $p) { kind } }', [{ path: 'a', work: 6 }, { path: 'b', work: 6 }]],
    ['a window search: × days, both ends counted', 'query($p: Plan!) { suggestWindows(input: $p, from: "2027-01-01", to: "2027-01-10") { kind } }', [{ path: 'suggestWindows', work: 60 }]],
    ['a reversed range: one day (execution refuses it)', 'query($p: Plan!) { suggestWindows(input: $p, from: "2027-01-10", to: "2027-01-01") { kind } }', [{ path: 'suggestWindows', work: 6 }]],
    ['inside inline and named fragments', 'query($p: Plan!) { ... on Query { ...F } } fragment F on Query { c: checkConsultation(input: $p) { kind } }', [{ path: 'c', work: 6 }]],
    ['fields without an estimator: nothing', '{ me }', []],
  ])('%s', (_, query, expected) => {
    expect(sut(query, { p: plan }).map(({ path, work }) => ({ path, work }))).toEqual(expected);
  });

  it('counts a calendar by cells: rows × audiences × periods cut at either end', () => {
    const weeks = sut('{ calendar(from: "2027-01-01", to: "2027-01-28", areaCodes: ["A", "B"], audienceCodes: ["X", "Y", "Z"]) { cells } }');
    expect(weeks[0].work).toBe(2 * 3 * 5);
    const months = sut('{ calendar(from: "2027-01-01", to: "2027-12-31", granularity: "MONTH") { cells } }');
    expect(months[0].work).toBe(DEFAULT_CALENDAR_ROWS * 1 * (Math.ceil(365 / 28) + 1));
  });

  it('leaves a field whose arguments do not read to execution', () => {
    expect(sut('query($p: Plan!) { checkConsultation(input: $p) { kind } }', {})).toEqual([]);
  });

  describe('spreadsheets, by rows', () => {
    const IMPORT = 'mutation($csv: String!) { importConsultations(csv: $csv) }';
    const file = (rows: number) => ['title,summary', ...Array.from({ length: rows }, (_, i) => `Plan ${i},"Two\nlines, ""quoted"""`)].join('\r\n');
    const maxWork = loadConfig({}).graphql.maxWork;

    it('counts an import by its rows, a cell over several lines once, with or without a final line break', () => {
      expect(sut(IMPORT, { csv: file(3) })[0].work).toBe(3 * ROW_WORK.importConsultations);
      expect(sut(IMPORT, { csv: `${file(3)}\r\n` })[0].work).toBe(3 * ROW_WORK.importConsultations);
      expect(sut('mutation { importAreas(csv: "code,name") }')[0].work).toBe(0);
    });

    it('admits one file at the row limit and adds aliases up', () => {
      expect(IMPORT_LIMITS.rows * ROW_WORK.importConsultations).toBeLessThanOrEqual(maxWork);
      expect(AREA_IMPORT_LIMITS.rows * ROW_WORK.importAreas).toBeLessThanOrEqual(maxWork);
      const two = sut('mutation($csv: String!) { a: importConsultations(csv: $csv) b: importConsultations(csv: $csv) }', { csv: file(1000) });
      expect(two.map((f) => f.work)).toEqual([1000 * ROW_WORK.importConsultations, 1000 * ROW_WORK.importConsultations]);
    });

    it('counts an export by the most rows it may produce', () => {
      expect(sut('{ exportConsultations exportConflicts }').map((f) => f.work)).toEqual([EXPORT_LIMITS.rows * ROW_WORK.exportConsultations, EXPORT_LIMITS.rows * ROW_WORK.exportConflicts]);
      expect(EXPORT_LIMITS.rows * ROW_WORK.exportConflicts).toBeLessThanOrEqual(maxWork);
    });
  });
});
