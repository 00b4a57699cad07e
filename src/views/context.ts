import { getContext, setContext } from 'svelte';
import type { Translate, formatters } from '../i18n/translate';
import type { Locale } from '../i18n/messages';

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
