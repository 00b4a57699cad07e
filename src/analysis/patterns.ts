/**
 * The distinct rows of numeric columns `cols`, in ascending order (by the first column, then the
 * next), each with an index of one of its rows (`at`) and how many rows it stands for (`n`; with
 * `weights`, their sum). The churn models' pattern queries read their customers' columns as they
 * lie and group them here, in the fit's worker: the engine's GROUP BY and ORDER BY of the same
 * rows took 60 ms of its single thread at 1M orders (74k buyers), against 15 ms for the plain
 * read, and every view opened meanwhile waits for that thread.
 */
export function groupRows(
  cols: readonly ArrayLike<number>[],
  weights?: ArrayLike<number>,
): { at: number; n: number }[] {
  const rows = cols[0]?.length ?? 0;
  const order = new Uint32Array(rows);
  for (let i = 0; i < rows; i++) order[i] = i;
  const compare = (a: number, b: number): number => {
    for (const c of cols) {
      const d = (c[a] ?? 0) - (c[b] ?? 0);
      if (d !== 0) return d;
    }
    return 0;
  };
  order.sort(compare);
  const out: { at: number; n: number }[] = [];
  for (const i of order) {
    const w = weights ? (weights[i] ?? 0) : 1;
    const last = out[out.length - 1];
    if (last && compare(last.at, i) === 0) last.n += w;
    else out.push({ at: i, n: w });
  }
  return out;
}
