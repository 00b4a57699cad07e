/// <reference lib="webworker" />
import { fitBgnbd, rfPatternsOf, type RfPatternColumns } from '../analysis/bgnbd';
import { fitGammaGamma, spendPatternsOf, type SpendPatternColumns } from '../analysis/gamma-gamma';
import {
  groupRfPatterns,
  groupSpendPatterns,
  type ModelInputColumns,
} from '../analysis/model-inputs';

/** The patterns of both models, or every buyer's row to group into them here. */
export type FitRequest =
  | { id: number; rf: RfPatternColumns; spend: SpendPatternColumns }
  | { id: number; inputs: ModelInputColumns };

/** Maximum-likelihood fits run here so the page stays responsive while the optimiser works. */
self.onmessage = (e: MessageEvent<FitRequest>) => {
  const req = e.data;
  const { id } = req;
  try {
    const [rf, spend] =
      'inputs' in req
        ? [groupRfPatterns(req.inputs), groupSpendPatterns(req.inputs)]
        : [req.rf, req.spend];
    const bgnbd = fitBgnbd(rfPatternsOf(rf));
    const gammaGamma = fitGammaGamma(spendPatternsOf(spend));
    self.postMessage({ id, fits: { bgnbd, gammaGamma } });
  } catch (err) {
    self.postMessage({ id, error: err instanceof Error ? err.message : String(err) });
  }
};
