/// <reference lib="webworker" />
import { fitBgnbd, rfPatternsOf, type RfPatternColumns } from '../analysis/bgnbd';
import { fitGammaGamma, spendPatternsOf, type SpendPatternColumns } from '../analysis/gamma-gamma';

export interface FitRequest {
  id: number;
  rf: RfPatternColumns;
  spend: SpendPatternColumns;
}

/** Maximum-likelihood fits run here so the page stays responsive while the optimiser works. */
self.onmessage = (e: MessageEvent<FitRequest>) => {
  const { id, rf, spend } = e.data;
  try {
    const bgnbd = fitBgnbd(rfPatternsOf(rf));
    const gammaGamma = fitGammaGamma(spendPatternsOf(spend));
    self.postMessage({ id, fits: { bgnbd, gammaGamma } });
  } catch (err) {
    self.postMessage({ id, error: err instanceof Error ? err.message : String(err) });
  }
};
