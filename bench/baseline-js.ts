import { createReadStream } from 'node:fs';
import Papa from 'papaparse';

/** What the plain-JavaScript baseline and the like-for-like SQL both compute from orders.csv. */
export interface MiniResult {
  customers: number;
  total: number;
  top20Share: number;
  abc: { A: number; B: number; C: number };
}

/**
 * The "no database" baseline: PapaParse streams orders.csv, a Map sums amount per customer,
 * then sort, top-20% share and ABC tiers (A while the customers ranked above hold < 80%, B < 95%).
 */
export async function papaBaseline(
  ordersPath: string,
): Promise<{ parseMs: number; aggMs: number; result: MiniResult }> {
  const totals = new Map<string, number>();
  const t0 = performance.now();
  await new Promise<void>((resolve, reject) => {
    let cIdx = -1;
    let aIdx = -1;
    Papa.parse<string[]>(createReadStream(ordersPath), {
      skipEmptyLines: true,
      chunk: (res) => {
        for (const row of res.data) {
          if (cIdx < 0) {
            cIdx = row.indexOf('customer_id');
            aIdx = row.indexOf('amount');
            if (cIdx < 0 || aIdx < 0)
              throw new Error(`${ordersPath}: no customer_id/amount header`);
            continue;
          }
          const id = row[cIdx] ?? '';
          totals.set(id, (totals.get(id) ?? 0) + Number(row[aIdx]));
        }
      },
      complete: () => resolve(),
      error: (e) => reject(e),
    });
  });
  const t1 = performance.now();
  const result = miniFromTotals([...totals.entries()]);
  return { parseMs: t1 - t0, aggMs: performance.now() - t1, result };
}

export function miniFromTotals(entries: [string, number][]): MiniResult {
  entries.sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
  const n = entries.length;
  const total = entries.reduce((s, e) => s + e[1], 0);
  const topN = Math.max(1, Math.round(0.2 * n));
  let top = 0;
  let above = 0;
  const abc = { A: 0, B: 0, C: 0 };
  entries.forEach(([, v], i) => {
    if (i < topN) top += v;
    const share = above / total;
    if (v > 0 && share < 0.8 - 1e-9) abc.A++;
    else if (v > 0 && share < 0.95 - 1e-9) abc.B++;
    else abc.C++;
    above += v;
  });
  return { customers: n, total, top20Share: top / total, abc };
}

/** The same computation as one SQL statement straight over the CSV, for both DuckDB engines. */
export function miniSql(fileName: string): string {
  return `WITH t AS (
  SELECT customer_id, sum(amount) AS v FROM read_csv('${fileName.replaceAll("'", "''")}', header = true) GROUP BY customer_id
), r AS (
  SELECT v, row_number() OVER (ORDER BY v DESC, customer_id) AS rn,
    COALESCE(sum(v) OVER (ORDER BY v DESC, customer_id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS above,
    sum(v) OVER () AS tot, count(*) OVER () AS n
  FROM t
)
SELECT count(*) AS customers, any_value(tot) AS total,
  sum(v) FILTER (WHERE rn <= GREATEST(1, round(0.2 * n))) / any_value(tot) AS top20,
  count(*) FILTER (WHERE v > 0 AND above / tot < 0.8 - 1e-9) AS a,
  count(*) FILTER (WHERE v > 0 AND above / tot >= 0.8 - 1e-9 AND above / tot < 0.95 - 1e-9) AS b
FROM r`;
}

export function miniFromRow(r: Record<string, unknown>): MiniResult {
  const n = Number(r['customers']);
  const a = Number(r['a']);
  const b = Number(r['b']);
  return {
    customers: n,
    total: Number(r['total']),
    top20Share: Number(r['top20']),
    abc: { A: a, B: b, C: n - a - b },
  };
}
