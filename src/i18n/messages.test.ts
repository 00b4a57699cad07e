import { describe, expect, it } from 'vitest';
import { en, zh } from './messages';
import { preferredLocale, translator } from './translate';

describe('message catalogue', () => {
  it('has every English key in Chinese, with the same placeholders', () => {
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      const vars = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect(zh[key], key).toBeTypeOf('string');
      expect(vars(zh[key]), key).toEqual(vars(en[key]));
    }
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    const t = translator('en');
    expect(t('header.rows', { customers: 3, orders: 5 })).toBe('3 customers · 5 orders');
    expect(t('app.loadingData')).toBe('Loading {name}…');
  });

  it('picks Chinese for any zh browser language', () => {
    expect(preferredLocale(['zh-TW', 'en'])).toBe('zh');
    expect(preferredLocale(['de-DE', 'en-GB'])).toBe('en');
    expect(preferredLocale([])).toBe('en');
  });
});
