import { ident, sqlString } from '../sql-text';
import type { MappedField } from './types';

/** SQL of raw column i (0-based) of a row: a text column in the pass, `__raw[i]` afterwards. */
export type RawCol = (i: number) => string;

/** A reason a row is rejected, with the column and raw value shown as its example. */
export interface Rule {
  reason: string;
  /**
   * SQL over the typed row and the text columns c1... Absent for exact duplicates: those are
   * found after the pass, over the whole file (see duplicates.ts).
   */
  cond?: string;
  field: MappedField | null;
  /** SQL for the example's column label and raw value when no mapped field is at fault. */
  example?: (raw: RawCol) => { column: string; value: string };
}

/** A warning on a loaded row; `cond` absent: set after the pass (duplicates, repeated ids). */
export interface WarnRule {
  reason: string;
  cond?: string;
  field: MappedField | null;
}

export interface CheckParts {
  chk: string;
  /** SQL giving `__line` and the text columns c1..c{width}. */
  relation: string;
  width: number;
  /** Typed columns over the text row (first layer). */
  select: string[];
  /** Columns over typed values (second layer). */
  outer: string[];
  rules: Rule[];
  warnings: WarnRule[];
  /** Raw column index (0-based) per mapped field. */
  rawIndex: Partial<Record<MappedField, number>>;
  labels: Partial<Record<MappedField, string>>;
  /**
   * Keep flagged rows' text in `__raw` (false: some columns were typed by the reader and the
   * text is read again afterwards, see typed-read.ts).
   */
  keepText: boolean;
}

const textCol: RawCol = (i) => ident(`c${i + 1}`);
/**
 * After the pass a row's text is `__raw` (kept for flagged rows only): its list of fields cast
 * to VARCHAR, which DuckDB casts back to the same list (quotes, commas, NULL and 'NULL' kept
 * apart). A VARCHAR column costs a 10M-row check table 64 MiB where the list cost 148 MiB
 * (every row pays its list entry, NULL or not).
 */
export const keptList = 'CAST(__raw AS VARCHAR[])';
export const keptCol: RawCol = (i) => `${keptList}[${i + 1}]`;

/**
 * A row's warnings are the bits of one `__w` column (bit i: warning i): one byte column per
 * warning cost a 10M-row table 41 MiB each, mostly for a validity block per row group.
 */
export function warnFlag(i: number): string {
  return `(__w & ${2 ** i}) <> 0`;
}

/** Statement setting warning i on the rows of `chk` matching `where`. */
export function setWarnSql(chk: string, i: number, where: string): string {
  return `UPDATE ${ident(chk)} SET __w = __w | ${2 ** i} WHERE ${where}`;
}

function warnType(n: number): string {
  if (n > 32) throw new Error(`too many warnings for the check table (${n})`);
  return n <= 8 ? 'UTINYINT' : n <= 16 ? 'USMALLINT' : 'UINTEGER';
}

/** The `__rule` code's reason, example column and example value, as SQL over the check table. */
export function verdictSql(p: Pick<CheckParts, 'rules' | 'rawIndex' | 'labels'>): {
  reason: string;
  column: string;
  value: string;
} {
  const pick = (f: (r: Rule) => string) =>
    `CASE __rule ${p.rules.map((r, i) => `WHEN ${i} THEN ${f(r)}`).join(' ')} END`;
  const at = (r: Rule) => (r.field ? p.rawIndex[r.field] : undefined);
  return {
    reason: pick((r) => sqlString(r.reason)),
    column: pick((r) =>
      r.example
        ? r.example(keptCol).column
        : r.field && p.labels[r.field] !== undefined
          ? sqlString(p.labels[r.field] ?? '')
          : 'NULL',
    ),
    value: pick((r) => {
      const i = at(r);
      return r.example ? r.example(keptCol).value : i !== undefined ? keptCol(i) : 'NULL';
    }),
  };
}

/** SQL over the check table: the row was rejected or warned about in the pass. */
export const FLAGGED = '(__rule IS NOT NULL OR __w <> 0)';

/**
 * One pass over the file's text rows: types every row, finds the first reject rule it breaks
 * (`__rule`, an index into rules; NULL when it loads) and its warnings (bits of `__w`). The text
 * itself is kept (`__raw`) only for rows already rejected or warned: clean rows are stored typed
 * and nothing else, so a big file is neither copied into an all-text table nor held twice. The
 * duplicate search after the pass hashes the typed columns (see duplicates.ts): a text hash per
 * row here cost a 10M-row table 106 MiB.
 */
export function checkSql(p: CheckParts): string {
  const raw = Array.from({ length: p.width }, (_, i) => textCol(i));
  const ruleCase = p.rules.some((r) => r.cond)
    ? `CAST(CASE ${p.rules
        .map((r, i) => (r.cond ? `WHEN ${r.cond} THEN ${i}` : ''))
        .join(' ')} END AS UTINYINT)`
    : 'CAST(NULL AS UTINYINT)';
  const bits = p.warnings.flatMap((w, i) =>
    w.cond ? [`CASE WHEN ${w.cond} THEN ${2 ** i} ELSE 0 END`] : [],
  );
  const warn = `CAST(${bits.length ? bits.join(' + ') : '0'} AS ${warnType(p.warnings.length)}) AS __w`;
  return `CREATE OR REPLACE TABLE ${ident(p.chk)} AS
    WITH typed0 AS (SELECT __line, ${[...raw, ...p.select].join(',\n ')} FROM (${p.relation})),
    typed AS (SELECT *${p.outer.length ? ', ' + p.outer.join(', ') : ''} FROM typed0),
    ruled AS (SELECT *, ${ruleCase} AS __rule FROM typed),
    warned AS (SELECT *, ${warn} FROM ruled)
    SELECT * EXCLUDE (${raw.join(', ')}), ${p.keepText ? `CASE WHEN ${FLAGGED} THEN CAST(list_value(${raw.join(', ')}) AS VARCHAR) END` : 'CAST(NULL AS VARCHAR)'} AS __raw
    FROM warned`;
}
