/**
 * Performance marks set when the engine's warm-up ends (`EngineWarmUp`), for traces, the
 * benchmark and the browser tests: nothing in the page shows the warm-up. Kept apart from it so
 * that they can be read without loading the import and analysis code.
 */
export const WARMUP_MARK = {
  done: 'engine warm-up done',
  stopped: 'engine warm-up stopped',
  failed: 'engine warm-up failed',
} as const;
