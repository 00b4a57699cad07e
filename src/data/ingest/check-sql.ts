import { ident, sqlString } from '../sql-text';
import type { MappedField } from './types';

/** A reason a row is rejected, with the column and raw value shown as its example. */
export interface Rule {
  reason: string;
  cond: string;
  field: MappedField | null;
  /** SQL for the example's column label and raw value when no mapped field is at fault. */
  example?: { column: string; value: string };
}

/** A warning on a loaded row. */
export interface WarnRule {
  reason: string;
  cond: string;
  field: MappedField | null;
}

export interface CheckParts {
  chk: string;
  /** Staging table: __line and the all-VARCHAR columns `all`. */
  source: string;
  all: string[];
  /** Typed columns over the staging row (first layer). */
  select: string[];
  /** Window columns over typed values (second layer). */
  outer: string[];
  rules: Rule[];
  warnings: WarnRule[];
  cols: Partial<Record<MappedField, string>>;
  labels: Partial<Record<MappedField, string>>;
  /**
   * SQL of the typed order id over a staging row: adds `__id_repeat`, true when the id is on two
   * or more distinct rows (exact copies count once).
   */
  idRepeat?: string | undefined;
}

/**
 * Exact duplicates: `__dup` is a row's rank among identical rows (1 = first copy). Rows are
 * grouped by a hash of all columns first; only rows whose hash occurs more than once are
 * compared column by column, so a hash collision never makes two different rows duplicates and
 * the full-width sort runs on the (usually few) candidates only.
 */
function dupCtes(source: string, all: string[], idRepeat: string | undefined): string {
  const keys = all.join(', ');
  const src = ident(source);
  const ctes = [
    `__multi AS (SELECT hash(${keys}) AS __h FROM ${src} GROUP BY 1 HAVING count(*) > 1)`,
    `__dups AS (SELECT __line, ${idRepeat ? `${idRepeat} AS __id, ` : ''}row_number() OVER (PARTITION BY ${keys} ORDER BY __line) AS __dup
      FROM ${src} WHERE hash(${keys}) IN (SELECT __h FROM __multi))`,
    `__src AS (SELECT s.*, coalesce(d.__dup, 1) AS __dup FROM ${src} s LEFT JOIN __dups d USING (__line))`,
  ];
  if (idRepeat) {
    // Distinct rows per id = its rows minus its later exact copies (found above, usually few):
    // an aggregate instead of a window over every row.
    ctes.push(
      `__ids AS (SELECT i.__id FROM (SELECT ${idRepeat} AS __id, count(*) AS n FROM ${src} GROUP BY 1 HAVING count(*) > 1) i
        LEFT JOIN (SELECT __id, count(*) AS k FROM __dups WHERE __dup > 1 GROUP BY 1) c ON c.__id IS NOT DISTINCT FROM i.__id
        WHERE i.n - coalesce(c.k, 0) > 1)`,
    );
  }
  return ctes.join(',\n    ');
}

/**
 * The SQL that types every staging row and decides, per row, the first reject reason (or none)
 * and the warnings. The first matching rule is found once; reason, column and value are looked
 * up from it. The source columns stay out of the result (the staging table keeps them): copying
 * every text cell again was a large share of the statement.
 */
export function checkSql(p: CheckParts): string {
  const { rules, warnings, cols, labels } = p;
  const ruleCase = `CASE ${rules.map((r, i) => `WHEN ${r.cond} THEN ${i}`).join(' ')} END`;
  const pick = (f: (r: Rule) => string) =>
    `CASE __rule ${rules.map((r, i) => `WHEN ${i} THEN ${f(r)}`).join(' ')} END`;
  const reasonCase = pick((r) => sqlString(r.reason));
  const colCase = pick((r) =>
    r.example
      ? r.example.column
      : r.field && labels[r.field] !== undefined
        ? sqlString(labels[r.field] ?? '')
        : 'NULL',
  );
  const valCase = pick((r) =>
    r.example ? r.example.value : r.field && cols[r.field] ? (cols[r.field] ?? 'NULL') : 'NULL',
  );
  const outer = p.idRepeat
    ? [...p.outer, 'coalesce(order_id IN (SELECT __id FROM __ids), false) AS __id_repeat']
    : p.outer;
  const warnCols = warnings.map((w, i) => `coalesce(${w.cond}, false) AS __w${i}`);
  return `CREATE OR REPLACE TABLE ${ident(p.chk)} AS
    WITH ${dupCtes(p.source, p.all, p.idRepeat)},
    typed0 AS (SELECT __line, ${[...p.all, '__dup', ...p.select].join(',\n ')} FROM __src),
    typed AS (SELECT *${outer.length ? ', ' + outer.join(', ') : ''} FROM typed0),
    ruled AS (SELECT *, ${ruleCase} AS __rule FROM typed)
    SELECT * EXCLUDE (__rule, ${p.all.join(', ')}), ${reasonCase} AS __reason, ${colCase} AS __bad_column, ${valCase} AS __bad_value${warnCols.length ? ', ' + warnCols.join(', ') : ''}
    FROM ruled`;
}
