/** SQL literal for importer-generated constants (formats, labels); never for user row data. */
export function sqlString(s: string): string {
  return `'${s.replaceAll("'", "''")}'`;
}

/**
 * Quotes an identifier: the one place a name is turned into SQL text. Callers that take names
 * from outside validate them first (analysis/sql.ts `quoteIdent`).
 */
export function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
