import { CATALOGUES, type Locale, type MessageKey } from './messages';

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

export function translator(locale: Locale): Translate {
  const cat = CATALOGUES[locale];
  return (key, vars) => {
    // A key built at run time (e.g. from a reject reason) may be unknown: show it, never crash.
    const text: string = cat[key] ?? key;
    if (!vars) return text;
    return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m));
  };
}

const INTL_LOCALE: Record<Locale, string> = { en: 'en-US', zh: 'zh-CN' };

/** Number formatting per UI locale; a currency code comes from the data or the user. */
export function formatters(locale: Locale, currency?: string) {
  const tag = INTL_LOCALE[locale];
  const int = new Intl.NumberFormat(tag, { maximumFractionDigits: 0 });
  const pct = new Intl.NumberFormat(tag, { style: 'percent', maximumFractionDigits: 1 });
  const money = currency
    ? new Intl.NumberFormat(tag, { style: 'currency', currency, maximumFractionDigits: 0 })
    : new Intl.NumberFormat(tag, { maximumFractionDigits: 0 });
  const compact = new Intl.NumberFormat(tag, { notation: 'compact', maximumFractionDigits: 1 });
  const smallPct = new Intl.NumberFormat(tag, { style: 'percent', maximumSignificantDigits: 2 });
  return {
    int: (n: number) => int.format(n),
    pct: (n: number) => pct.format(n),
    /** A percentage that may be tiny (one customer's share): 0.042% rather than 0%. */
    pctFine: (n: number) => (n !== 0 && Math.abs(n) < 0.01 ? smallPct : pct).format(n),
    money: (n: number) => money.format(n),
    compact: (n: number) => compact.format(n),
  };
}

/** The browser's preferred language decides the first locale; the URL overrides it. */
export function preferredLocale(languages: readonly string[]): Locale {
  for (const l of languages) {
    const low = l.toLowerCase();
    if (low.startsWith('zh')) return 'zh';
    if (low.startsWith('en')) return 'en';
  }
  return 'en';
}
