// fmin ships no type declarations; only the part the model fits use is declared.
declare module 'fmin/index.js' {
  export interface NelderMeadOptions {
    maxIterations?: number;
    nonZeroDelta?: number;
    zeroDelta?: number;
    minErrorDelta?: number;
    minTolerance?: number;
    sigma?: number;
  }
  export interface NelderMeadResult {
    x: number[];
    fx: number;
  }
  export function nelderMead(
    f: (x: number[]) => number,
    x0: number[],
    options?: NelderMeadOptions,
  ): NelderMeadResult;
}
