import * as fminModule from 'fmin';
import type { NelderMead } from 'fmin';

/**
 * fmin's only build is UMD inside a `"type": "module"` package: bundlers that wrap it as
 * CommonJS expose the functions as exports, while a plain ES-module load runs it for its side
 * effect of setting `globalThis.fmin`. Both are accepted.
 */
function loadNelderMead(): NelderMead {
  const mod = fminModule as { nelderMead?: NelderMead; default?: { nelderMead?: NelderMead } };
  const g = (globalThis as { fmin?: { nelderMead?: NelderMead } }).fmin;
  const fn = mod.nelderMead ?? mod.default?.nelderMead ?? g?.nelderMead;
  if (!fn) throw new Error('fmin.nelderMead is not available');
  return fn;
}
const nelderMead = loadNelderMead();

/**
 * Minimises `f` over log-parameters with fmin's Nelder-Mead.
 *
 * fmin 0.0.4's shrink step writes an undeclared variable and throws under ES modules' strict
 * mode, so shrinking is switched off (sigma = 1 makes the run stop where it would shrink) and
 * done here instead: each round restarts a fresh simplex around the best point, with a smaller
 * step once a round stops improving. Every start is tried; the best point wins.
 */
export function minimizeLog(
  f: (params: number[]) => number,
  starts: readonly number[][],
  /**
   * Objective evaluations allowed per start. Likelihoods whose optimum lies at a boundary (e.g.
   * no dropout: a -> 0) keep improving by tiny amounts; the budget bounds the time they take.
   */
  budget = 4000,
): { params: number[]; value: number } {
  let best: { x: number[]; fx: number } | null = null;
  for (const start of starts) {
    let center = start.map(Math.log);
    let fx = Infinity;
    let step = 0.5;
    let evaluations = 0;
    for (let round = 0; round < 100 && step > 1e-7 && evaluations < budget; round++) {
      const base = center;
      const g = (u: number[]): number => {
        evaluations++;
        const v = f(u.map((d, i) => Math.exp((base[i] ?? 0) + d)));
        return Number.isFinite(v) ? v : 1e300;
      };
      const r = nelderMead(
        g,
        base.map(() => 0),
        {
          maxIterations: Math.max(50, Math.min(1000, budget - evaluations)),
          minErrorDelta: 1e-12,
          zeroDelta: step,
          sigma: 1,
        },
      );
      const tol = Number.isFinite(fx) ? 1e-10 * Math.max(1, Math.abs(fx)) : 0;
      if (r.fx < fx - tol) {
        center = base.map((c, i) => c + (r.x[i] ?? 0));
        fx = r.fx;
      } else {
        step /= 4;
      }
    }
    if (!best || fx < best.fx) best = { x: center, fx };
  }
  if (!best) throw new Error('No starting point given to the optimizer');
  return { params: best.x.map(Math.exp), value: best.fx };
}
