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

/** Objective value at `u`, with its gradient written into `grad` (same length as `u`). */
export type ValueAndGradient = (u: readonly number[], grad: number[]) => number;

export interface BfgsResult {
  x: number[];
  fx: number;
  /** Final inverse-Hessian approximation (row-major), reusable as `h0` for a related problem. */
  h: number[];
  /** The gradient test passed (otherwise the run stopped on the iteration cap or a failed line search). */
  converged: boolean;
  iterations: number;
  evaluations: number;
}

function dot(u: readonly number[], v: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < u.length; i++) s += (u[i] as number) * (v[i] as number);
  return s;
}

function maxAbs(u: readonly number[]): number {
  let m = 0;
  for (const v of u) m = Math.max(m, Math.abs(v));
  return m;
}

/**
 * Quasi-Newton (BFGS, inverse-Hessian form) with a backtracking Armijo line search. Steps are
 * capped at `maxStep` in every coordinate: the callers work in log-parameters, where a long
 * step overflows the likelihood; a non-finite value counts as "no decrease" and backtracks.
 *
 * Stops when every gradient component is within `gradTol * max(1, |f|)`: the likelihoods here
 * are sums over customers, so both f and the gradient scale with the data and the test is
 * size-free. A line search that can no longer decrease f also ends the run (the numerical floor
 * of a sum over many customers); it counts as converged when the gradient is within the square
 * root of that tolerance.
 */
export function minimizeBfgs(
  fg: ValueAndGradient,
  x0: readonly number[],
  options: {
    maxIterations?: number;
    gradTol?: number;
    maxStep?: number;
    /** Initial inverse Hessian (row-major); default the identity, rescaled after the first step. */
    h0?: readonly number[];
  } = {},
): BfgsResult {
  const n = x0.length;
  const maxIterations = options.maxIterations ?? 500;
  const gradTol = options.gradTol ?? 1e-8;
  const maxStep = options.maxStep ?? 2;
  let x = [...x0];
  let g = new Array<number>(n).fill(0);
  let fx = fg(x, g);
  let evaluations = 1;
  if (!Number.isFinite(fx) || !g.every(Number.isFinite)) {
    return { x, fx: Infinity, h: [], converged: false, iterations: 0, evaluations };
  }
  // Inverse Hessian approximation, row-major; identity until the first curvature pair scales it.
  let H = options.h0
    ? [...options.h0]
    : Array.from({ length: n * n }, (_, k) => (k % (n + 1) === 0 ? 1 : 0));
  let first = !options.h0;
  const gNew = new Array<number>(n).fill(0);
  for (let it = 0; it < maxIterations; it++) {
    if (maxAbs(g) <= gradTol * Math.max(1, Math.abs(fx))) {
      return { x, fx, h: H, converged: true, iterations: it, evaluations };
    }
    const d = new Array<number>(n).fill(0);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s -= (H[i * n + j] as number) * (g[j] as number);
      d[i] = s;
    }
    let slope = dot(d, g);
    if (!(slope < 0)) {
      // Lost descent (rounding in H): restart from steepest descent.
      H = H.map((_, k) => (k % (n + 1) === 0 ? 1 : 0));
      for (let i = 0; i < n; i++) d[i] = -(g[i] as number);
      slope = dot(d, g);
      first = true;
    }
    let step = Math.min(1, maxStep / Math.max(maxAbs(d), 1e-300));
    let accepted = false;
    let xNew = x;
    let fNew = fx;
    for (let ls = 0; ls < 60; ls++) {
      xNew = x.map((v, i) => v + step * (d[i] as number));
      fNew = fg(xNew, gNew);
      evaluations++;
      if (
        Number.isFinite(fNew) &&
        gNew.every(Number.isFinite) &&
        fNew <= fx + 1e-4 * step * slope
      ) {
        accepted = true;
        break;
      }
      step *= 0.5;
    }
    if (!accepted) {
      // No decrease left in floating point: stationary enough when the gradient is small.
      const floor = maxAbs(g) <= Math.sqrt(gradTol) * Math.max(1, Math.abs(fx));
      return { x, fx, h: H, converged: floor, iterations: it, evaluations };
    }
    const s = xNew.map((v, i) => v - (x[i] as number));
    const y = gNew.map((v, i) => v - (g[i] as number));
    const sy = dot(s, y);
    if (sy > 1e-12 * Math.sqrt(dot(s, s) * dot(y, y))) {
      if (first) {
        const scale = sy / dot(y, y);
        H = H.map((_, k) => (k % (n + 1) === 0 ? scale : 0));
        first = false;
      }
      // H <- (I - rho s y') H (I - rho y s') + rho s s'
      const rho = 1 / sy;
      const Hy = new Array<number>(n).fill(0);
      for (let i = 0; i < n; i++) {
        let t = 0;
        for (let j = 0; j < n; j++) t += (H[i * n + j] as number) * (y[j] as number);
        Hy[i] = t;
      }
      const yHy = dot(y, Hy);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          H[i * n + j] =
            (H[i * n + j] as number) -
            rho * ((Hy[i] as number) * (s[j] as number) + (s[i] as number) * (Hy[j] as number)) +
            (rho * rho * yHy + rho) * (s[i] as number) * (s[j] as number);
        }
      }
    }
    x = xNew;
    fx = fNew;
    g = [...gNew];
  }
  return { x, fx, h: H, converged: false, iterations: maxIterations, evaluations };
}

/**
 * Every k-th pattern with its weight multiplied by k (so the total weight and the scale of the
 * likelihood stay about the same), or the patterns themselves when there are at most `max`.
 * The pattern queries sort by x, t_x, T, so the stride spreads over the whole range.
 */
export function thinPatterns<P extends { n: number }>(patterns: readonly P[], max: number): P[] {
  if (patterns.length <= max) return [...patterns];
  const stride = Math.ceil(patterns.length / max);
  const total = patterns.reduce((s, c) => s + c.n, 0);
  const picked = patterns.filter((_, i) => i % stride === 0);
  const scale = total / picked.reduce((s, c) => s + c.n, 0);
  return picked.map((c) => ({ ...c, n: c.n * scale }));
}

function startsRun(
  fg: ValueAndGradient,
  starts: readonly number[][],
  gradTol?: number,
): BfgsResult | null {
  let best: BfgsResult | null = null;
  for (const start of starts) {
    const r = minimizeBfgs(fg, start.map(Math.log), { gradTol });
    if (!best || r.fx < best.fx) best = r;
    if (r.converged) break;
  }
  return best;
}

/**
 * Minimises over log-parameters with `minimizeBfgs` (`fg` takes log-parameters and returns the
 * gradient with respect to them). The first start is the main one; the next ones are fallbacks,
 * tried only while no run has passed the gradient test, and the best point wins.
 *
 * With `warm` (the same likelihood on a thinned sample, see `thinPatterns`) the starts are run
 * on the sample first, and the full run begins at the sample's optimum with its curvature, so it
 * needs a handful of full evaluations; the answer is still the full data's optimum. If that run
 * does not pass the gradient test, the starts are run on the full data as without `warm`.
 * When no run passes (e.g. a likelihood whose optimum lies at a boundary and flattens out), the
 * best point is polished with the derivative-free `minimizeLog`, which needs no curvature.
 */
export function minimizeLogWithGradient(
  fg: ValueAndGradient,
  starts: readonly number[][],
  warm?: ValueAndGradient,
): { params: number[]; value: number } {
  let best: BfgsResult | null = null;
  const pre = warm ? startsRun(warm, starts, 1e-7) : null;
  if (pre && Number.isFinite(pre.fx)) {
    best = minimizeBfgs(fg, pre.x, { h0: pre.h });
  }
  if (!best?.converged) {
    const r = startsRun(fg, starts);
    if (r && (!best || r.fx < best.fx)) best = r;
  }
  if (!best) throw new Error('No starting point given to the optimizer');
  if (!best.converged) {
    const scratch = new Array<number>(best.x.length).fill(0);
    const polished = minimizeLog((p) => fg(p.map(Math.log), scratch), [best.x.map(Math.exp)]);
    if (polished.value < best.fx) return polished;
  }
  return { params: best.x.map(Math.exp), value: best.fx };
}
