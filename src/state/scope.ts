import type { AbcCutoffs } from '../analysis/abc';
import { resolveParams, type AnalysisParams } from '../analysis/params';
import type { AppState } from './app-schema';

function list(v: string): string[] {
  return v ? v.split(',') : [];
}

/** The analysis parameters that define which customers and orders are in scope. */
export function scopeParams(s: AppState): AnalysisParams {
  return {
    asOf: s.asOf || null,
    measure: s.measure,
    segmentBy: s.seg || null,
    filters: {
      region: list(s.region),
      channel: list(s.channel),
      segment: list(s.segment),
      from: s.from || null,
      to: s.to || null,
    },
  };
}

/**
 * Names everything `customer_summary` depends on: two scopes with the same key have the same
 * summary, so a summary built ahead (the sample's snapshot) can be recognised as the one needed.
 */
export function scopeKey(params: AnalysisParams): string {
  return JSON.stringify(resolveParams(params));
}

export function abcCutoffs(s: AppState): AbcCutoffs {
  return { a: s.abcA / 100, b: Math.max(s.abcA + 1, s.abcB) / 100 };
}
