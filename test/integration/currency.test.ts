import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeDb } from '../../src/data/db-node';
import type { Db } from '../../src/data/db';
import { loadFetched } from '../../src/data/sources-core';
import { currencyOfValues, detectDataCurrency } from '../../src/data/currency';
import { formatters } from '../../src/i18n/translate';

const enc = (s: string) => new TextEncoder().encode(s);

describe('currency of a column of amounts as written', () => {
  it('names the currency each marker stands for', () => {
    expect(currencyOfValues(['￥139.00', '￥1,310.67', '￥-20.00'])).toBe('CNY');
    expect(currencyOfValues(['139元', '88 元', 'RMB 12'])).toBe('CNY');
    expect(currencyOfValues(['¥5', '¥6'])).toBe('CNY');
    expect(currencyOfValues(['$1,234.50', '($12.00)', '$0.99'])).toBe('USD');
    expect(currencyOfValues(['€12,50', '1.234,00 €'])).toBe('EUR');
    expect(currencyOfValues(['£3.20', 'GBP 4'])).toBe('GBP');
  });

  it('finds none in plain numbers, text, mixed currencies or a stray marker', () => {
    expect(currencyOfValues(['139.00', '12', '-3'])).toBeNull();
    expect(currencyOfValues(['$5 coupon', 'Gift card £10', 'mug'])).toBeNull();
    expect(currencyOfValues(['$5', '€6', '$7'])).toBeNull();
    expect(currencyOfValues(['$5', '6', '7', '8'])).toBeNull();
    expect(currencyOfValues(['', null, undefined])).toBeNull();
  });

  it('accepts blanks and a minority of unmarked values', () => {
    expect(currencyOfValues(['€1', '', '€2', '3'])).toBe('EUR');
  });
});

describe('currency of imported files (real engine)', () => {
  let db: Db;
  beforeAll(async () => {
    db = await openNodeDb();
  }, 120_000);
  afterAll(() => db.close());

  async function load(text: string, name = 'orders.csv') {
    return loadFetched(db, [{ name, data: enc(text) }], '2025-01-01');
  }

  it('reads ￥ on the amounts of an orders file', async () => {
    const report = await load(
      'order_id,customer_id,order_date,amount\nA1,c1,2024-01-02,￥139.00\nA2,c2,2024-01-03,"￥1,310.67"\n',
    );
    expect(report.orders.rows).toBe(2);
    await expect(detectDataCurrency(db, report)).resolves.toBe('CNY');
  });

  it('reads € with decimal commas, and nothing from plain numbers', async () => {
    const eur = await load(
      'order_id;customer_id;order_date;amount\nA1;c1;2024-01-02;12,50 €\nA2;c2;2024-01-03;7,00 €\n',
    );
    await expect(detectDataCurrency(db, eur)).resolves.toBe('EUR');
    const plain = await load(
      'order_id,customer_id,order_date,amount\nA1,c1,2024-01-02,139.00\nA2,c2,2024-01-03,12\n',
    );
    await expect(detectDataCurrency(db, plain)).resolves.toBeNull();
  });

  it('says nothing once the source tables are gone', async () => {
    const report = await load(
      'order_id,customer_id,order_date,amount\nA1,c1,2024-01-02,$5.00\nA2,c2,2024-01-03,$6.00\n',
    );
    await expect(detectDataCurrency(db, report)).resolves.toBe('USD');
    for (const f of report.files) await db.exec(`DROP TABLE IF EXISTS "${f.sourceTable}"`);
    await expect(detectDataCurrency(db, report)).resolves.toBeNull();
  });
});

describe('money formatting follows the currency', () => {
  it('formats per locale and currency, or as plain numbers', () => {
    expect(formatters('en', 'USD').money(1234.4)).toBe('$1,234');
    expect(formatters('en', 'EUR').money(1234.4)).toBe('€1,234');
    expect(formatters('zh', 'CNY').money(1234.4)).toBe('¥1,234');
    expect(formatters('en').money(1234.4)).toBe('1,234');
    expect(formatters('en', 'USD').moneyExact(139)).toBe('$139.00');
    expect(formatters('en', 'JPY').moneyExact(139)).toBe('¥139');
    expect(formatters('en', 'USD').moneyCompact(1234)).toBe('$1.2K');
    expect(formatters('zh', 'CNY').moneyCompact(12345)).toBe('¥1.2万');
    expect(formatters('en').moneyCompact(1234)).toBe('1.2K');
    expect(formatters('en', 'GBP').currency).toBe('GBP');
    expect(formatters('en').currency).toBeNull();
  });
});
