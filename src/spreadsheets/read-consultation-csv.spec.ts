import { readConsultationCsv } from './read-consultation-csv';
import { parseSheetDate } from './read-sheet';

const HEADER = 'Title,Summary,Organisation Code,Start,End,Area codes,Audience codes,Topics,Channels,Status';

describe('parseSheetDate', () => {
  it.each([
    ['2027-03-01', '2027-03-01'],
    ['01/03/2027', '2027-03-01'],
    ['1/3/2027', '2027-03-01'],
    ['29/02/2028', '2028-02-29'],
    ['31/02/2027', undefined],
    ['03/31/2027', undefined],
    ['2027-3-1', undefined],
    ['1 March 2027', undefined],
  ])('reads %s as %s', (value, expected) => {
    expect(parseSheetDate(value)).toBe(expected);
  });
});

describe('readConsultationCsv', () => {
  it('reads a forward plan as Excel saves it: BOM, CRLF, British dates, lists in one cell', () => {
    const csv = `\uFEFF${HEADER}\r\nLibrary hours,"Opening times, and more",tbc,01/03/2027,2027-03-28,E07000199; E05007066,RESIDENTS|OLDER_PEOPLE,Libraries; Opening Hours,online survey; Drop-in,draft\r\n`;
    const { rows, problems, rowCount } = readConsultationCsv(csv, 10);
    expect(problems).toEqual([]);
    expect(rowCount).toBe(1);
    expect(rows).toEqual([
      {
        line: 2,
        organisationCode: 'TBC',
        input: expect.objectContaining({
          title: 'Library hours',
          summary: 'Opening times, and more',
          startDate: '2027-03-01',
          endDate: '2027-03-28',
          areaCodes: ['E07000199', 'E05007066'],
          audienceCodes: ['RESIDENTS', 'OLDER_PEOPLE'],
          topics: ['Libraries', 'Opening Hours'],
          channels: ['ONLINE_SURVEY', 'DROP_IN'],
          status: 'DRAFT',
        }),
      },
    ]);
  });

  it('reports every bad cell with its line and column, counting lines of multi-line cells', () => {
    const csv = [
      'title,start,end,area codes,audience codes,channels,status,notes',
      '"Budget',
      'spanning two lines",2027-01-01,2027-01-31,E10000028,RESIDENTS,,,kept',
      '',
      'Bad dates,31/02/2027,soon,E10000028,RESIDENTS,,,',
      'Bad channel,2027-01-01,2027-01-02,E10000028,RESIDENTS,carrier pigeon,LIVE,',
    ].join('\n');
    const { rows, problems, ignoredColumns, rowCount } = readConsultationCsv(csv, 10);
    expect(rowCount).toBe(3);
    expect(ignoredColumns).toEqual(['notes']);
    expect(rows.map((r) => [r.line, r.input.title])).toEqual([[2, 'Budget\nspanning two lines']]);
    expect(problems.map((p) => [p.line, p.column, p.field])).toEqual([
      [5, 'start', 'startDate'],
      [5, 'end', 'endDate'],
      [6, 'channels', 'channels'],
      [6, 'status', 'status'],
    ]);
    expect(problems[0].message).toBe('"31/02/2027" is not a date: write YYYY-MM-DD or DD/MM/YYYY');
  });

  it('names the missing columns and accepts none of the rows', () => {
    const { rows, problems } = readConsultationCsv('title,start\nA,2027-01-01\n', 10);
    expect(rows).toEqual([]);
    expect(problems.map((p) => p.field)).toEqual(['endDate', 'areaCodes', 'audienceCodes']);
    expect(problems[0]).toMatchObject({ line: 1, message: expect.stringContaining('no "end" column') });
  });

  it('catches a row with more cells than the header (an unquoted comma)', () => {
    const { problems } = readConsultationCsv(`${HEADER}\nParks, play and leisure,,,2027-01-01,2027-01-02,E10000028,RESIDENTS,,,\n`, 10);
    expect(problems).toEqual([expect.objectContaining({ line: 2, field: 'csv', message: expect.stringContaining('11 cells but the header has 10') })]);
  });

  it('refuses broken CSV, an empty file and a file over the row limit, with the line', () => {
    expect(readConsultationCsv(`${HEADER}\n"unclosed,2027-01-01\n`, 10).problems[0]).toMatchObject({ field: 'csv', message: expect.stringContaining('not valid CSV') });
    expect(readConsultationCsv('', 10).problems[0].message).toContain('empty');
    const many = `${HEADER}\n${'A,,,2027-01-01,2027-01-02,X,Y,,,\n'.repeat(11)}`;
    expect(readConsultationCsv(many, 10).problems[0].message).toBe('The file has 11 rows; import at most 10 at a time');
  });
});
