/** SQL literal for importer-generated constants (formats, labels); never for user row data. */
export function sqlString(s: string): string {
  return `'${s.replaceAll("'", "''")}'`;
}

/** Quotes an identifier (staging tables and their positional columns). */
export function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
