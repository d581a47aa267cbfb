import { CustomTypesConfig, types } from 'pg';
import { parse as parseArray } from 'postgres-array';

// Arrays of strings (text[], varchar[], uuid[]) are read with postgres-array 3, which slices the
// text. pg's own parser (postgres-array 2) makes an object for every character: over the
// thousands of rows of a clash check, a calendar or a digest, with their uuid lineages, that was a
// visible share of the service's time and of its garbage. Every other type reads as pg reads it.
const STRING_ARRAYS = new Set([1009, 1015, 2951]);

export const columnTypes: CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    STRING_ARRAYS.has(oid) && format !== 'binary' ? parseArray : types.getTypeParser(oid, format)) as CustomTypesConfig['getTypeParser'],
};
