import type { Query } from '../data/db';
import { resolveParams, type ValueMeasure } from './params';
import { SUMMARY_RANKED_TABLE, SUMMARY_TABLE, summaryColumns } from './summary-tables';

/**
 * `q` (a query over `customer_summary`) as it would read for measure `m`, without switching the
 * view: a leading CTE of the same name shadows it with `m`'s columns of `customer_ranked` (which
 * must hold `m`'s rank columns). Not materialised, so it is planned as the view is and gives the
 * same figures. Lets results for the measures not shown be computed while the view shows
 * another (a table other statements read in between must not change under them).
 */
export function summaryOf(q: Query, m: ValueMeasure): Query {
  // Checked: the name goes into the text.
  const measure = resolveParams({ measure: m }).measure;
  const cte = `${SUMMARY_TABLE} AS NOT MATERIALIZED (SELECT ${summaryColumns(measure)}
FROM ${SUMMARY_RANKED_TABLE})`;
  if (/^\s*WITH\s+RECURSIVE\b/i.test(q.sql)) {
    throw new Error('summaryOf: a recursive WITH cannot take the summary CTE first');
  }
  const withAt = /^\s*WITH\s+/i.exec(q.sql);
  const sql = withAt
    ? `WITH ${cte},\n${q.sql.slice(withAt[0].length)}`
    : `WITH ${cte}\n${q.sql.replace(/^\s+/, '')}`;
  return q.params ? { sql, params: q.params } : { sql };
}
