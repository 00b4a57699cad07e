import betaln from '@stdlib/math-base-special-betaln';
import digamma from '@stdlib/math-base-special-digamma';
import gammaln from '@stdlib/math-base-special-gammaln';
import type { BgnbdParams, RfPattern } from './bgnbd';

/**
 * The patterns packed into typed arrays for the fit, which evaluates the likelihood many times.
 * x, t_x and T take few distinct values (whole purchase days / 7), so each pattern points into
 * tables of distinct x, t_x and T and the per-evaluation logs are taken once per distinct value.
 */
interface Packed {
  len: number;
  ns: Float64Array;
  /** Slot of the pattern's x, t_x and T in the distinct-value tables. */
  kx: Int32Array;
  kt: Int32Array;
  kT: Int32Array;
  xs: Float64Array;
  txs: Float64Array;
  Ts: Float64Array;
  /** Customers per distinct x (the weight of the terms that depend on x only). */
  nPerX: Float64Array;
}

function slotter(): { values: number[]; slot: (v: number) => number } {
  const values: number[] = [];
  const of = new Map<number, number>();
  return {
    values,
    slot: (v) => {
      let k = of.get(v);
      if (k === undefined) {
        k = values.length;
        values.push(v);
        of.set(v, k);
      }
      return k;
    },
  };
}

function pack(patterns: readonly RfPattern[]): Packed {
  const len = patterns.length;
  const ns = new Float64Array(len);
  const kx = new Int32Array(len);
  const kt = new Int32Array(len);
  const kT = new Int32Array(len);
  const X = slotter();
  const TX = slotter();
  const TT = slotter();
  patterns.forEach((c, i) => {
    ns[i] = c.n;
    kx[i] = X.slot(c.x);
    kt[i] = TX.slot(c.t_x);
    kT[i] = TT.slot(c.T);
  });
  const nPerX = new Float64Array(X.values.length);
  for (let i = 0; i < len; i++) {
    const k = kx[i] as number;
    nPerX[k] = (nPerX[k] as number) + (ns[i] as number);
  }
  return {
    len,
    ns,
    kx,
    kt,
    kT,
    xs: Float64Array.from(X.values),
    txs: Float64Array.from(TX.values),
    Ts: Float64Array.from(TT.values),
    nPerX,
  };
}

/**
 * Total BG/NBD log-likelihood (FHL 2005, eq. 6, with B(a+1, b+x-1) / B(a, b+x) = a / (b+x-1))
 * and, when `grad` is given, its gradient with respect to (log r, log alpha, log a, log b).
 *
 * Per customer L = C(x) * (A + D [x > 0]) with A = (alpha+T)^-(r+x) and
 * D = a/(b+x-1) (alpha+t_x)^-(r+x); w = D / (A + D) is the weight of the "dropped out after
 * the last purchase" branch, so each derivative of log(A + D) is (1-w) dlogA + w dlogD.
 */
function evaluate(pk: Packed, p: BgnbdParams, grad?: number[]): number {
  const { r, alpha, a, b } = p;
  const { xs, txs, Ts } = pk;
  const logAlpha = Math.log(alpha);
  const base = -gammaln(r) + r * logAlpha - betaln(a, b);
  const nx = xs.length;
  const common = new Float64Array(nx);
  const dropLead = new Float64Array(nx);
  for (let k = 0; k < nx; k++) {
    const x = xs[k] as number;
    common[k] = base + gammaln(r + x) + betaln(a, b + x);
    dropLead[k] = x > 0 ? Math.log(a / (b + x - 1)) : 0;
  }
  const logT = Ts.map((T) => Math.log(alpha + T));
  const logTx = txs.map((t) => Math.log(alpha + t));
  const invT = Ts.map((T) => 1 / (alpha + T));
  const invTx = txs.map((t) => 1 / (alpha + t));
  const invBx = xs.map((x) => (x > 0 ? 1 / (b + x - 1) : 0));
  let ll = 0;
  // Sums of the per-customer derivative parts that do not reduce to per-x terms.
  let gr = 0;
  let gAlpha = 0;
  let gA = 0;
  let gB = 0;
  // Sum of n w: d/da of log(a) in D, already multiplied by a for the log-parameter.
  let sumW = 0;
  const { len, ns, kx, kt, kT } = pk;
  for (let i = 0; i < len; i++) {
    const k = kx[i] as number;
    const x = xs[k] as number;
    const n = ns[i] as number;
    const rx = r + x;
    const lT = logT[kT[i] as number] as number;
    const alive = -rx * lT;
    if (x === 0) {
      ll += n * ((common[k] as number) + alive);
      if (grad) {
        gr -= n * lT;
        gAlpha -= n * rx * (invT[kT[i] as number] as number);
      }
      continue;
    }
    const lTx = logTx[kt[i] as number] as number;
    const dropped = (dropLead[k] as number) - rx * lTx;
    const d = dropped - alive;
    let l: number;
    let w: number;
    if (d > 0) {
      const e = Math.exp(-d);
      l = dropped + Math.log1p(e);
      w = 1 / (1 + e);
    } else {
      const e = Math.exp(d);
      l = alive + Math.log1p(e);
      w = e / (1 + e);
    }
    ll += n * ((common[k] as number) + l);
    if (grad) {
      const nw = n * w;
      gr -= n * lT + nw * (lTx - lT);
      gAlpha -=
        n *
        rx *
        ((invT[kT[i] as number] as number) * (1 - w) + (invTx[kt[i] as number] as number) * w);
      sumW += nw;
      gB -= nw * (invBx[k] as number);
    }
  }
  if (grad) {
    // Terms of C(x): d/dr [lgamma(r+x) - lgamma(r) + r log alpha], d/dalpha r log alpha, and
    // the beta-function ratio B(a, b+x) / B(a, b).
    const psiR = digamma(r);
    const psiAB = digamma(a + b);
    const psiB = digamma(b);
    let total = 0;
    for (let k = 0; k < nx; k++) {
      const x = xs[k] as number;
      const nk = pk.nPerX[k] as number;
      total += nk;
      const psiABX = digamma(a + b + x);
      gr += nk * (digamma(r + x) - psiR);
      gA += nk * (psiAB - psiABX);
      gB += nk * (digamma(b + x) - psiABX - psiB + psiAB);
    }
    gr += total * logAlpha;
    gAlpha += (total * r) / alpha;
    grad[0] = gr * r;
    grad[1] = gAlpha * alpha;
    grad[2] = gA * a + sumW;
    grad[3] = gB * b;
  }
  return ll;
}

/**
 * The total log-likelihood as a closure over the patterns packed once; it is evaluated many
 * times over up to one pattern per customer.
 */
export function bgnbdObjective(patterns: readonly RfPattern[]): (p: BgnbdParams) => number {
  const pk = pack(patterns);
  return (p) => evaluate(pk, p);
}

/**
 * Minus the log-likelihood and its gradient in log-parameters u = log(r, alpha, a, b), the form
 * the quasi-Newton fit minimises.
 */
export function bgnbdNegLogLikelihoodLog(
  patterns: readonly RfPattern[],
): (u: readonly number[], grad: number[]) => number {
  const pk = pack(patterns);
  return (u, grad) => {
    const [r, alpha, a, b] = u.map(Math.exp) as [number, number, number, number];
    const ll = evaluate(pk, { r, alpha, a, b }, grad);
    for (let i = 0; i < grad.length; i++) grad[i] = -(grad[i] as number);
    return -ll;
  };
}
