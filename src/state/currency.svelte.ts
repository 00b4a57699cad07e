import { detectDataCurrency } from '../data/currency';
import type { Session } from './session.svelte';

/** The codes the currency menu offers besides "from the data" and "none". */
export const COMMON_CURRENCIES = ['CNY', 'USD', 'EUR', 'GBP', 'JPY'] as const;

/**
 * The currency money is shown in. `detected` follows the loaded data: a bundled sample names
 * its own; for imported files it is read from the symbols on the amounts as written (¥ 元 RMB
 * $ € £). The user's choice (URL `currency`) overrides it either way.
 */
export class CurrencyState {
  detected: string | null = $state(null);
  /** True while the data's currency is still being read after a load. */
  detecting = $state(false);

  constructor(
    session: Session,
    private readonly choice: () => string,
  ) {
    $effect(() => {
      const revision = session.revision;
      const dataset = session.dataset;
      const report = session.importReport;
      const db = session.db;
      if (!dataset) {
        this.detected = null;
        return;
      }
      if (dataset.currency) {
        this.detected = dataset.currency;
        return;
      }
      if (!db || !report) {
        this.detected = null;
        return;
      }
      this.detecting = true;
      void detectDataCurrency(db, report).then(
        (code) => {
          if (session.revision !== revision) return;
          this.detected = code;
          this.detecting = false;
        },
        () => {
          if (session.revision !== revision) return;
          this.detected = null;
          this.detecting = false;
        },
      );
    });
  }

  /** ISO code to format money with, or undefined for plain numbers. */
  get code(): string | undefined {
    const c = this.choice();
    if (c === 'none') return undefined;
    if (c === 'auto') return this.detected ?? undefined;
    return c;
  }
}
