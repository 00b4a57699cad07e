import type { SqlValue } from './db';

/*
 * Bound values written into the statement as literals, by the engine adapters alone (db-browser,
 * db-node): queries are still built as SQL with `?` placeholders and a list of values, and no
 * value ever reaches SQL text any other way.
 *
 * Why: DuckDB-WASM runs a prepared statement in three messages to its worker (prepare, run,
 * close), each answered through the page's main thread before the next is sent. While the page
 * draws a view, the engine waited for it between statements (at 1M orders, about 0.1 s of the
 * four views' first drawing). A statement as text is one message, sent at once.
 *
 * Each literal has the type the engine gives the same value bound to a placeholder: the worker
 * reads bound values from JSON (`JSON.stringify` of the list), every number as DOUBLE (an
 * integer too), strings and dates (their ISO text) as VARCHAR, booleans as BOOLEAN, and null,
 * NaN and infinities (JSON has no such numbers) as NULL. A number's literal is therefore a
 * DOUBLE cast of its JSON text (a plain `7` would be INTEGER, `0.8` DECIMAL). A NULL is left
 * untyped: bound, it takes its type from where it stands (`coalesce(x, ?)`), as NULL does.
 */

/** `v` as the SQL literal the engine reads as it reads `v` bound to a placeholder. */
export function sqlLiteral(v: SqlValue | undefined): string {
  if (v === null || v === undefined) return 'NULL';
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (typeof v === 'number') {
    // The shortest text that reads back as the same double, as JSON writes it.
    return Number.isFinite(v) ? `CAST('${JSON.stringify(v)}' AS DOUBLE)` : 'NULL';
  }
  const text = v instanceof Date ? (Number.isNaN(v.getTime()) ? null : v.toISOString()) : v;
  return text === null ? 'NULL' : `'${text.replaceAll("'", "''")}'`;
}

/**
 * `sql` with each `?` placeholder replaced by the literal of the value in its place. Placeholders
 * are read outside string literals, quoted identifiers and comments; a count of placeholders
 * other than `params.length` throws, as binding would.
 */
export function inlineParams(sql: string, params: readonly SqlValue[]): string {
  let out = '';
  let used = 0;
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const c = sql[i];
    let end = i + 1;
    if (c === "'" || c === '"') {
      // A doubled quote inside is the quote itself.
      end = sql.indexOf(c, i + 1);
      while (end !== -1 && sql[end + 1] === c) end = sql.indexOf(c, end + 2);
      end = end === -1 ? n : end + 1;
    } else if (c === '-' && sql[i + 1] === '-') {
      end = sql.indexOf('\n', i);
      end = end === -1 ? n : end;
    } else if (c === '/' && sql[i + 1] === '*') {
      end = sql.indexOf('*/', i + 2);
      end = end === -1 ? n : end + 2;
    } else if (c === '?') {
      if (used >= params.length) throw new Error(placeholderError(params.length, used + 1));
      out += sqlLiteral(params[used++]);
      i = end;
      continue;
    }
    out += sql.slice(i, end);
    i = end;
  }
  if (used !== params.length) throw new Error(placeholderError(params.length, used));
  return out;
}

function placeholderError(values: number, placeholders: number): string {
  return `${values} values for ${placeholders === values + 1 ? 'more than ' + values : placeholders} placeholders`;
}
