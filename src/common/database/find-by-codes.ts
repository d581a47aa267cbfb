import { EntityManager } from 'typeorm';
import { AppError } from '../errors/app-error';
import { ReferenceRows } from './reference-rows';

/** Rows by their codes, in the order given (duplicates dropped); any unknown code is an input error on `field`. */
export async function findByCodes<E extends { id: string; code: string }>(rows: ReferenceRows<E>, codes: readonly string[], field: string, noun: string, manager?: EntityManager): Promise<E[]> {
  const found = await rows.byCodes(codes, manager);
  const missing = [...new Set(codes)].filter((code) => !found.some((row) => row.code === code));
  if (missing.length > 0) throw AppError.badInput(field, `Unknown ${noun} code${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}`);
  return found;
}
