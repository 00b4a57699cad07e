import { untrack } from 'svelte';
import { currencyOfFiles } from '../data/currency';
import type { ImportFlow } from './import-flow.svelte';
import type { Session } from './session.svelte';

/** The codes the currency menu offers besides "from the data" and "none". */
export const COMMON_CURRENCIES = ['CNY', 'USD', 'EUR', 'GBP', 'JPY'] as const;

/**
 * The currency money is shown in. `detected` follows the loaded data: a bundled sample names
 * its own; files dropped into the import are read from the symbols their money columns carry
 * in the importer's preview (¥ 元 RMB $ € £). The user's choice (URL `currency`) overrides it.
 * Files loaded from web addresses or a workspace file have no preview here: they show plain
 * numbers unless a currency is chosen (a shared link carries the choice).
 */
export class CurrencyState {
  detected: string | null = $state(null);
  /** What the files waiting in the import show; taken by the load that follows. */
  private pending: string | null = $state(null);

  constructor(
    session: Session,
    private readonly choice: () => string,
    flow?: ImportFlow,
  ) {
    if (flow) {
      $effect(() => {
        const files = flow.pending;
        // Confirming empties the list before the data arrives: keep what it showed until then.
        if (files.length) {
          this.pending = currencyOfFiles(
            files.map((f) => ({ sniff: f.sniff, mapping: f.mapping })),
          );
        }
      });
    }
    $effect(() => {
      void session.revision;
      const dataset = session.dataset;
      if (!dataset) {
        this.detected = null;
        return;
      }
      if (dataset.currency) {
        this.detected = dataset.currency;
        return;
      }
      // Taken once, and only by the load of those files (the import just finished), so a
      // workspace or link load does not inherit what a drop showed.
      this.detected = untrack(() => (flow?.step === 'done' ? this.pending : null));
      this.pending = null;
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
