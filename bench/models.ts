import type { Db } from '../src/data/db';
import {
  buildBgnbdPatternsQuery,
  buildSpendPatternsQuery,
  bgnbdObjective,
  fitBgnbd,
  fitGammaGamma,
  parseRfPatterns,
  parseSpendPatterns,
} from '../src/analysis/index';
import { median, round } from './stats';

export interface ModelFigures {
  /** Median ms: BG/NBD pattern query, BG/NBD optimisation, Gamma-Gamma query + fit, their sum (what fitModels does). */
  ms: {
    bgnbdPatterns: number;
    bgnbdFit: number;
    bgnbdTotal: number;
    gammaGamma: number;
    fitModels: number;
  };
  patterns: number;
  buyers: number;
  /** One evaluation of the BG/NBD log-likelihood over all patterns (median of 50). */
  objectiveMs: number;
  /** bgnbdFit / objectiveMs: how many likelihood evaluations the optimiser needed, roughly. */
  estimatedEvaluations: number;
  runs: number;
  params: { r: number; alpha: number; a: number; b: number } | null;
}

/** BG/NBD and Gamma-Gamma on the loaded data (customer_summary must exist). */
export async function benchModels(db: Db, runs: number): Promise<ModelFigures> {
  const q: number[] = [];
  const f: number[] = [];
  const g: number[] = [];
  const all: number[] = [];
  let patterns = 0;
  let buyers = 0;
  let params: ModelFigures['params'] = null;
  let objectiveMs = NaN;
  for (let r = 0; r < runs; r++) {
    let t0 = performance.now();
    const pats = parseRfPatterns(await db.query(buildBgnbdPatternsQuery()));
    q.push(performance.now() - t0);
    t0 = performance.now();
    const fit = fitBgnbd(pats);
    f.push(performance.now() - t0);
    t0 = performance.now();
    fitGammaGamma(parseSpendPatterns(await db.query(buildSpendPatternsQuery())));
    g.push(performance.now() - t0);
    all.push((q[r] ?? 0) + (f[r] ?? 0) + (g[r] ?? 0));
    if (r === 0) {
      const obj = bgnbdObjective(pats);
      const at = { r: 0.5, alpha: 5, a: 0.5, b: 2 };
      const ts: number[] = [];
      for (let i = 0; i < 50; i++) {
        const t = performance.now();
        obj({ ...at, r: at.r + i * 1e-4 });
        ts.push(performance.now() - t);
      }
      objectiveMs = median(ts);
    }
    patterns = pats.length;
    buyers = pats.reduce((s, p) => s + p.n, 0);
    params = fit ? { r: fit.r, alpha: fit.alpha, a: fit.a, b: fit.b } : null;
    // A fit this slow is the finding; more repetitions would only spend minutes confirming it.
    if ((f[0] ?? 0) > 20_000) break;
  }
  const m = (xs: number[]) => round(median(xs));
  return {
    ms: {
      bgnbdPatterns: m(q),
      bgnbdFit: m(f),
      bgnbdTotal: m(q.map((x, i) => x + (f[i] ?? 0))),
      gammaGamma: m(g),
      fitModels: m(all),
    },
    patterns,
    buyers,
    objectiveMs: round(objectiveMs, 3),
    estimatedEvaluations: Math.round(median(f) / objectiveMs),
    runs: f.length,
    params,
  };
}
