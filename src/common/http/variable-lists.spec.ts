import type { Request, Response } from 'express';
import { variableLists } from './variable-lists';

describe('variableLists', () => {
  const send = (query: string, variables: unknown) => {
    let answer: { status?: number; body?: any; passed?: boolean } = {};
    const res = { status: (status: number) => ({ json: (body: unknown) => (answer = { status, body }) }) } as unknown as Response;
    variableLists(3)({ body: { query, variables } } as Request, res, () => (answer = { passed: true }));
    return answer;
  };
  const many = (n: number) => Array.from({ length: n }, (_, i) => `E${i}`);

  it('lets lists within the limit through to GraphQL, whose fields check their own limits', () => {
    expect(send('query($f: ConsultationFilter) { consultations(filter: $f) { totalCount } }', { f: { areaCodes: many(3) } })).toEqual({ passed: true });
    expect(send('{ me { name } }', undefined)).toEqual({ passed: true });
  });

  it('refuses a longer list with 400 and BAD_USER_INPUT, naming the field as the argument writes it', () => {
    const answer = send('query($f: ConsultationFilter) { consultations(filter: $f) { totalCount } }', { f: { areaCodes: many(4) } });
    expect(answer.status).toBe(400);
    expect(answer.body.errors[0]).toEqual({ message: 'filter.areaCodes has 4 items; no list may have more than 3', extensions: { code: 'BAD_USER_INPUT', field: 'filter.areaCodes' } });
  });

  it('names a variable given inside an input written in the query, or deeper in a list of inputs', () => {
    expect(send('query($codes: [String!]) { consultations(filter: { areaCodes: $codes }) { totalCount } }', { codes: many(9) }).body.errors[0].extensions.field).toBe('filter.areaCodes');
    expect(send('mutation($rows: [Row!]) { importRows(rows: $rows) }', { rows: [{ codes: many(1) }, { codes: many(5) }] }).body.errors[0].extensions.field).toBe('rows.codes');
  });

  it('names the variable itself when the query does not use it or cannot be read', () => {
    expect(send('{ me { name } }', { stray: many(4) }).body.errors[0].extensions.field).toBe('stray');
    expect(send('{ me { ', { stray: many(4) }).body.errors[0].extensions.field).toBe('stray');
  });
});
