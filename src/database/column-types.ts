import { CustomTypesConfig, types } from 'pg';
import { parse as parseArray } from 'postgres-array';

// Arrays of strings (text[], varchar[], uuid[]) are read with postgres-array 3, which slices the
// text. pg's own parser (postgres-array 2) makes an object for every character: over the
// thousands of rows of a clash check, a calendar or a digest, with their uuid lineages, that was a
// visible share of the service's time and of its garbage.
//
// A date reads as the text PostgreSQL sends, 'YYYY-MM-DD': the service's CalendarDate. pg would
// make a JavaScript Date at local midnight, which TypeORM formats back into the same text; over a
// calendar's thousands of consultations that round trip cost a tenth of the request's CPU.
// Every other type reads as pg reads it.
const STRING_ARRAYS = new Set([1009, 1015, 2951]);
const DATE = 1082;

export const columnTypes: CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (format === 'binary') return types.getTypeParser(oid, format);
    if (STRING_ARRAYS.has(oid)) return parseArray;
    if (oid === DATE) return (text: string) => text;
    return types.getTypeParser(oid, format);
  }) as CustomTypesConfig['getTypeParser'],
};
