// Orders strings by their UTF-16 code units, as a plain `<` does. ISO dates and lower-case uuids
// sort this way as PostgreSQL sorts them; collation (localeCompare) is slower by far and can
// order hyphens differently.
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
