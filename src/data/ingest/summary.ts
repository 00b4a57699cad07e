import type { Db } from '../db';
import { ident, sqlString } from '../sql-text';
import { verdictSql, warnFlag } from './check-sql';
import { ensureText, type CheckTables } from './duplicates';
import type { Staged } from './staging';
import type { CheckPlan } from './transform';
import type { Example, FileMapping, FileReport, IssueCount } from './types';

const NOT_REVENUE = new Set(['footer total', 'repeated header']);

/**
 * Rows of the check table matching `cond`: count, amount, and the first `k` as examples. The
 * example value is a typed column of the check table, or a text column read from the text table
 * for those k rows only (their text is fetched first when the pass did not keep it). `counted`:
 * the count and amount, when the caller has them already.
 */
export async function issue(
  db: Db,
  file: string,
  t: CheckTables,
  cond: string,
  col: { typed: string } | { source: string } | null,
  label: string | null,
  k: number,
  counted?: { n: number; amt: number },
): Promise<IssueCount> {
  const [agg] = counted
    ? [counted]
    : await db.query<{ n: number; amt: number }>(
        `SELECT count(*) AS n, coalesce(sum(amount), 0) AS amt FROM ${ident(t.chk)} WHERE ${cond}`,
      );
  if (!agg?.n) return { reason: '', rows: 0, amount: agg?.amt ?? 0, examples: [] };
  const name = col ? ('typed' in col ? col.typed : col.source) : null;
  const colSql = label !== null ? sqlString(label) : name ? sqlString(name) : 'NULL';
  const pick = (val: string) =>
    `SELECT __line AS line, ${colSql} AS col, ${val} AS val FROM ${ident(t.chk)} WHERE ${cond} ORDER BY __line LIMIT ${k}`;
  let sql = pick(name ? ident(name) : 'NULL');
  if (col && 'source' in col) {
    await ensureText(db, t, `SELECT line AS __line FROM (${pick('NULL')})`);
    sql = `SELECT e.line, e.col, s.${ident(col.source)} AS val FROM (${pick('NULL')}) e
         JOIN ${ident(t.source)} s ON s.__line = e.line ORDER BY e.line`;
  }
  const rows = await db.query<{ line: number; col: string | null; val: string | null }>(sql);
  return {
    reason: '',
    rows: agg.n,
    amount: agg.amt,
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
  staged: Staged & { blankLines: number; exactLines: boolean },
  plan: CheckPlan,
  tables: CheckTables,
  k: number,
): Promise<FileReport> {
  const t = ident(tables.chk);
  const v = verdictSql(plan);
  const groups = await db.query<{ rule: number; n: number; amt: number }>(
    `SELECT __rule AS rule, count(*) AS n, coalesce(sum(amount), 0) AS amt FROM ${t} WHERE __rule IS NOT NULL GROUP BY __rule ORDER BY __rule`,
  );
  // Each statement costs a scan and, in the page, a round trip to the worker: the loaded rows,
  // the rows and amount of every warning, and the date format when one read every date come
  // from one scan; examples only where needed.
  const dateAt = plan.dateField ? plan.rawIndex[plan.dateField] : undefined;
  const dated = plan.dateField !== null && dateAt !== undefined;
  const loadedCols = [
    'count(*) AS loaded',
    ...(dated
      ? [
          `min(${plan.dateFormat}) AS fmin, max(${plan.dateFormat}) AS fmax, count(${plan.dateFormat}) AS fn`,
        ]
      : []),
    ...plan.warnings.map(
      (_, i) =>
        `count(*) FILTER (WHERE ${warnFlag(i)}) AS n${i}, coalesce(sum(amount) FILTER (WHERE ${warnFlag(i)}), 0) AS a${i}`,
    ),
  ];
  const [tally] = await db.query<Record<string, number | string | null>>(
    `SELECT ${loadedCols.join(', ')} FROM ${t} WHERE __rule IS NULL`,
  );
  const ex =
    groups.length === 0
      ? []
      : await db.query<{
          rule: number;
          line: number;
          col: string | null;
          val: string | null;
        }>(
          `SELECT __rule AS rule, __line AS line, ${v.column} AS col, ${v.value} AS val FROM
       (SELECT *, row_number() OVER (PARTITION BY __rule ORDER BY __line) AS rn FROM ${t} WHERE __rule IS NOT NULL)
     WHERE rn <= ${k} ORDER BY __line`,
        );
  const rejects: IssueCount[] = groups.map((g) => {
    const reason = plan.rules[g.rule]?.reason ?? `rule ${g.rule}`;
    return {
      reason,
      rows: g.n,
      // A total line or a header copy is not revenue.
      amount: NOT_REVENUE.has(reason) ? 0 : g.amt,
      examples: ex
        .filter((e) => e.rule === g.rule)
        .map((e) => ({ file, line: e.line, column: e.col, value: e.val })),
    };
  });
  const warnings: IssueCount[] = [];
  for (const [i, w] of plan.warnings.entries()) {
    const at = w.field ? plan.rawIndex[w.field] : undefined;
    const got = await issue(
      db,
      file,
      tables,
      `__rule IS NULL AND ${warnFlag(i)}`,
      at !== undefined ? { source: `c${at + 1}` } : null,
      w.field ? (plan.labels[w.field] ?? null) : null,
      k,
      { n: Number(tally?.[`n${i}`] ?? 0), amt: Number(tally?.[`a${i}`] ?? 0) },
    );
    if (got.rows > 0) warnings.push({ ...got, reason: w.reason });
  }
  const dateFormats: FileReport['dateFormats'] = [];
  if (plan.dateField && dateAt !== undefined) {
    const fn = Number(tally?.['fn'] ?? 0);
    const fmin = tally?.['fmin'];
    const fmts =
      fn === 0
        ? []
        : typeof fmin === 'string' && fmin === tally?.['fmax']
          ? [{ format: fmin, n: fn }]
          : await db.query<{ format: string; n: number }>(
              `SELECT format, count(*) AS n FROM (SELECT ${plan.dateFormat} AS format FROM ${t} WHERE __rule IS NULL) WHERE format IS NOT NULL GROUP BY 1 ORDER BY n DESC, format`,
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
        `__rule IS NULL AND ${plan.dateFormat} IN (${minority})`,
        { source: `c${dateAt + 1}` },
        column,
        k,
      );
      warnings.push({ ...got, reason: 'mixed date formats' });
    }
  }
  const loaded = Number(tally?.['loaded'] ?? 0);
  const rejected = groups.reduce((sum, g) => sum + g.n, 0);
  return {
    file,
    table: m.table,
    columns: staged.labels,
    read: loaded + rejected,
    loaded,
    rejected,
    rejects,
    warnings,
    rejectedAmount: rejects.reduce((s, r) => s + r.amount, 0),
    lineNumbers: staged.exactLines ? 'exact' : 'counted',
    blankLines: staged.blankLines,
    dateFormats,
    stagingTable: tables.chk,
    sourceTable: tables.source,
  };
}

/**
 * After the report: the check table keeps only the rejected rows, with their reason, column
 * and value spelled out (what the rejects download reads), and the text table only their text.
 * `into` names another table for them (the check table itself then stays as it is).
 */
export async function keepRejected(
  db: Db,
  plan: CheckPlan,
  tables: CheckTables,
  into = tables.chk,
): Promise<void> {
  const t = ident(tables.chk);
  const v = verdictSql(plan);
  await db.exec(
    `CREATE OR REPLACE TABLE ${ident(into)} AS SELECT * EXCLUDE (__rule, __raw, __w), ${v.reason} AS __reason, ${v.column} AS __bad_column, ${v.value} AS __bad_value FROM ${t} WHERE __rule IS NOT NULL`,
  );
  await db.exec(
    `DELETE FROM ${ident(tables.source)} WHERE __line NOT IN (SELECT __line FROM ${ident(into)})`,
  );
}
