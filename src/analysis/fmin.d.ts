// fmin ships no type declarations. Its UMD build exports nothing when loaded as an ES module
// (it sets globalThis.fmin instead), so every export is declared possibly missing.
declare module 'fmin' {
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
  export type NelderMead = (
    f: (x: number[]) => number,
    x0: number[],
    options?: NelderMeadOptions,
  ) => NelderMeadResult;
  export const nelderMead: NelderMead | undefined;
}
