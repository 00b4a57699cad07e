import { getContext, setContext } from 'svelte';
import type { CurrencyState } from '../state/currency.svelte';

const KEY = Symbol('currency');

/** The currency state, for the picker (which shows what "from the data" found). */
export function setCurrency(c: CurrencyState): void {
  setContext(KEY, c);
}

export function getCurrency(): CurrencyState | undefined {
  return getContext<CurrencyState | undefined>(KEY);
}
