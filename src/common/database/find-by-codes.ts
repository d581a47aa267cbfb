import { FindOptionsWhere, In, Repository } from 'typeorm';
import { AppError } from '../errors/app-error';

/** Rows by their codes, in the order given (duplicates dropped); any unknown code is an input error on `field`. */
export async function findByCodes<E extends { code: string }>(repository: Repository<E>, codes: readonly string[], field: string, noun: string): Promise<E[]> {
  const unique = [...new Set(codes)];
  const found = new Map((await repository.findBy({ code: In(unique) } as FindOptionsWhere<E>)).map((row) => [row.code, row]));
  const missing = unique.filter((code) => !found.has(code));
  if (missing.length > 0) throw AppError.badInput(field, `Unknown ${noun} code${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}`);
  return unique.map((code) => found.get(code)!);
}
