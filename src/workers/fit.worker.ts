/// <reference lib="webworker" />
import { fitBgnbd, type RfPattern } from '../analysis/bgnbd';
import { fitGammaGamma, type SpendPattern } from '../analysis/gamma-gamma';

export interface FitRequest {
  id: number;
  rf: RfPattern[];
  spend: SpendPattern[];
}

/** Maximum-likelihood fits run here so the page stays responsive while the optimiser works. */
self.onmessage = (e: MessageEvent<FitRequest>) => {
  const { id, rf, spend } = e.data;
  try {
    const bgnbd = fitBgnbd(rf);
    const gammaGamma = fitGammaGamma(spend);
    self.postMessage({ id, fits: { bgnbd, gammaGamma } });
  } catch (err) {
    self.postMessage({ id, error: err instanceof Error ? err.message : String(err) });
  }
};
