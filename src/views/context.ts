import { getContext, setContext } from 'svelte';
import { formatters, translator, type Translate } from '../i18n/translate';
import type { Locale } from '../i18n/messages';
import type { AppStore } from '../state/app.svelte';
import type { Session } from '../state/session.svelte';
import type { AnalysisState } from '../state/analysis.svelte';
import type { CurrencyState } from '../state/currency.svelte';
import { setCurrency } from './currency-context';

export interface I18n {
  readonly locale: Locale;
  readonly t: Translate;
  readonly fmt: ReturnType<typeof formatters>;
}

const KEY = Symbol('i18n');

/** The getter keeps it reactive: components read i18n.t inside markup and follow a switch. */
export function setI18n(i18n: I18n): void {
  setContext(KEY, i18n);
}

export function getI18n(): I18n {
  return getContext<I18n>(KEY);
}

export interface AppContext {
  readonly store: AppStore;
  readonly session: Session;
  readonly analysis: AnalysisState;
}

const APP = Symbol('app');

/** The long-lived state objects, handed down once instead of threaded through every view. */
export function setApp(app: AppContext): void {
  setContext(APP, app);
}

export function getApp(): AppContext {
  return getContext<AppContext>(APP);
}

/**
 * Sets every context the views read (what App does, and the component tests' harness): i18n
 * following the store's locale and the currency in effect, the app's state objects, the currency.
 */
export function provideAppContext(app: AppContext, currency: CurrencyState): I18n {
  const i18n: I18n = {
    get locale() {
      return app.store.locale;
    },
    get t() {
      return translator(app.store.locale);
    },
    get fmt() {
      return formatters(app.store.locale, currency.code);
    },
  };
  setI18n(i18n);
  setApp(app);
  setCurrency(currency);
  return i18n;
}
