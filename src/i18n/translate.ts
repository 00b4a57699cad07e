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

export type Formatters = ReturnType<typeof makeFormatters>;
const cache = new Map<string, Formatters>();

/**
 * Number formatting per UI locale; money in `currency` (an ISO 4217 code, from the data or the
 * user) or as plain numbers without one. Cached: views call this on every cell they format.
 */
export function formatters(locale: Locale, currency?: string): Formatters {
  const key = `${locale}|${currency ?? ''}`;
  let f = cache.get(key);
  if (!f) {
    f = makeFormatters(locale, currency);
    cache.set(key, f);
  }
  return f;
}

function makeFormatters(locale: Locale, currency: string | undefined) {
  const tag = INTL_LOCALE[locale];
  const int = new Intl.NumberFormat(tag, { maximumFractionDigits: 0 });
  const pct = new Intl.NumberFormat(tag, { style: 'percent', maximumFractionDigits: 1 });
  const money = currency
    ? new Intl.NumberFormat(tag, { style: 'currency', currency, maximumFractionDigits: 0 })
    : new Intl.NumberFormat(tag, { maximumFractionDigits: 0 });
  const compact = new Intl.NumberFormat(tag, { notation: 'compact', maximumFractionDigits: 1 });
  const moneyCompact = currency
    ? new Intl.NumberFormat(tag, {
        style: 'currency',
        currency,
        notation: 'compact',
        maximumFractionDigits: 1,
      })
    : compact;
  const exact = currency
    ? new Intl.NumberFormat(tag, { style: 'currency', currency })
    : new Intl.NumberFormat(tag, { maximumFractionDigits: 2 });
  const smallPct = new Intl.NumberFormat(tag, { style: 'percent', maximumSignificantDigits: 2 });
  return {
    /** The ISO code money is shown in, or null for plain numbers. */
    currency: currency ?? null,
    int: (n: number) => int.format(n),
    pct: (n: number) => pct.format(n),
    /** A percentage that may be tiny (one customer's share): 0.042% rather than 0%. */
    pctFine: (n: number) => (n !== 0 && Math.abs(n) < 0.01 ? smallPct : pct).format(n),
    money: (n: number) => money.format(n),
    /** Money to the currency's own minor unit ($139.00, ¥139.00, ¥139 for yen): single orders. */
    moneyExact: (n: number) => exact.format(n),
    /** Money for axis ticks and tight labels: $1.2K, ¥1.2万. */
    moneyCompact: (n: number) => moneyCompact.format(n),
    compact: (n: number) => compact.format(n),
  };
}

/** The currency's name in the UI language ("US Dollar", "人民币"), or the code if unknown. */
export function currencyName(locale: Locale, code: string): string {
  try {
    return new Intl.DisplayNames([INTL_LOCALE[locale]], { type: 'currency' }).of(code) ?? code;
  } catch {
    return code;
  }
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
