import type { Db } from '../db';
import type { Staged } from './staging';
import { ident, sqlString } from '../sql-text';
import type { CheckPlan } from './transform';
import type { Example, FileMapping, FileReport, IssueCount } from './types';

const NOT_REVENUE = new Set(['footer total', 'repeated header']);

/** A file's check table (typed values and verdicts) and staging table (source text), by __line. */
export interface CheckTables {
  chk: string;
  source: string;
}

/**
 * Rows of the check table matching `cond`: count, amount, and the first `k` as examples. The
 * example value is a typed column of the check table, or a source column read back from the
 * staging table for those k rows only.
 */
export async function issue(
  db: Db,
  file: string,
  t: CheckTables,
  cond: string,
  col: { typed: string } | { source: string } | null,
  label: string | null,
  k: number,
): Promise<IssueCount> {
  const [agg] = await db.query<{ n: number; amt: number }>(
    `SELECT count(*) AS n, coalesce(sum(amount), 0) AS amt FROM ${ident(t.chk)} WHERE ${cond}`,
  );
  const name = col ? ('typed' in col ? col.typed : col.source) : null;
  const colSql = label !== null ? sqlString(label) : name ? sqlString(name) : 'NULL';
  const pick = (val: string) =>
    `SELECT __line AS line, ${colSql} AS col, ${val} AS val FROM ${ident(t.chk)} WHERE ${cond} ORDER BY __line LIMIT ${k}`;
  const rows = await db.query<{ line: number; col: string | null; val: string | null }>(
    col && 'source' in col
      ? `SELECT e.line, e.col, s.${ident(col.source)} AS val FROM (${pick('NULL')}) e
         JOIN ${ident(t.source)} s ON s.__line = e.line ORDER BY e.line`
      : pick(name ? ident(name) : 'NULL'),
  );
  return {
    reason: '',
    rows: agg?.n ?? 0,
    amount: agg?.amt ?? 0,
    examples: rows.map((r): Example => ({
      file,
      line: r.line,
      column: r.col,
      value: r.val === undefined ? null : r.val,
    })),
  };
}

/** The file's report from its check table: counts per reason, examples, warnings, formats. */
export async function summarize(
  db: Db,
  file: string,
  m: FileMapping,
  staged: Staged,
  plan: CheckPlan,
  chk: string,
  k: number,
): Promise<FileReport> {
  const tables = { chk, source: staged.table };
  const t = ident(chk);
  const groups = await db.query<{ reason: string; n: number; amt: number }>(
    `SELECT __reason AS reason, count(*) AS n, coalesce(sum(amount), 0) AS amt FROM ${t} WHERE __reason IS NOT NULL GROUP BY __reason`,
  );
  const ex = await db.query<{
    reason: string;
    line: number;
    col: string | null;
    val: string | null;
  }>(
    `SELECT __reason AS reason, __line AS line, __bad_column AS col, __bad_value AS val FROM
       (SELECT *, row_number() OVER (PARTITION BY __reason ORDER BY __line) AS rn FROM ${t} WHERE __reason IS NOT NULL)
     WHERE rn <= ${k} ORDER BY __line`,
  );
  const order = plan.rules.map((r) => r.reason);
  const rejects: IssueCount[] = groups
    .map((g) => ({
      reason: g.reason,
      rows: g.n,
      // A total line or a header copy is not revenue.
      amount: NOT_REVENUE.has(g.reason) ? 0 : g.amt,
      examples: ex
        .filter((e) => e.reason === g.reason)
        .map((e) => ({ file, line: e.line, column: e.col, value: e.val })),
    }))
    .sort((a, b) => order.indexOf(a.reason) - order.indexOf(b.reason));
  const warnings: IssueCount[] = [];
  for (const [i, w] of plan.warnings.entries()) {
    const col = w.field ? (plan.cols[w.field] ?? null) : null;
    const got = await issue(
      db,
      file,
      tables,
      `__reason IS NULL AND __w${i}`,
      col ? { source: col.slice(1, -1) } : null,
      w.field ? (plan.labels[w.field] ?? null) : null,
      k,
    );
    if (got.rows > 0) warnings.push({ ...got, reason: w.reason });
  }
  const dateFormats: FileReport['dateFormats'] = [];
  if (plan.dateField && plan.cols[plan.dateField]) {
    const fmts = await db.query<{ format: string; n: number }>(
      `SELECT __date_format AS format, count(*) AS n FROM ${t} WHERE __reason IS NULL AND __date_format IS NOT NULL GROUP BY 1 ORDER BY n DESC, format`,
    );
    const column = plan.labels[plan.dateField] ?? plan.dateField;
    for (const f of fmts) dateFormats.push({ column, format: f.format, rows: f.n });
    if (fmts.length > 1) {
      const minority = fmts
        .slice(1)
        .map((f) => sqlString(f.format))
        .join(', ');
      const got = await issue(
        db,
        file,
        tables,
        `__reason IS NULL AND __date_format IN (${minority})`,
        { source: (plan.cols[plan.dateField] ?? '').slice(1, -1) },
        column,
        k,
      );
      warnings.push({ ...got, reason: 'mixed date formats' });
    }
  }
  const [tally] = await db.query<{ loaded: number; rejected: number }>(
    `SELECT count(*) FILTER (WHERE __reason IS NULL) AS loaded, count(*) FILTER (WHERE __reason IS NOT NULL) AS rejected FROM ${t}`,
  );
  return {
    file,
    table: m.table,
    columns: staged.labels,
    read: staged.read,
    loaded: tally?.loaded ?? 0,
    rejected: tally?.rejected ?? 0,
    rejects,
    warnings,
    rejectedAmount: rejects.reduce((s, r) => s + r.amount, 0),
    lineNumbers: staged.exactLines ? 'exact' : 'counted',
    blankLines: staged.blankLines,
    dateFormats,
    stagingTable: chk,
    sourceTable: staged.table,
  };
}
