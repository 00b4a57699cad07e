import { describe, expect, it } from 'vitest';
import { sniffFile } from '../../src/data/ingest/sniff';
import { currencyOfFiles, currencyOfValues } from '../../src/data/currency';
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

describe('currency of files about to be imported (their preview)', () => {
  async function sniffed(text: string, name = 'orders.csv') {
    const sniff = await sniffFile({ name, data: enc(text) });
    return { sniff, mapping: sniff.mapping };
  }

  it('reads ￥ in the amount column of an orders file', async () => {
    const f = await sniffed(
      'order_id,customer_id,order_date,amount\nA1,c1,2024-01-02,￥139.00\nA2,c2,2024-01-03,"￥1,310.67"\n',
    );
    expect(f.mapping.columns.amount).toBe('amount');
    expect(currencyOfFiles([f])).toBe('CNY');
  });

  it('reads € with decimal commas, and nothing from plain numbers', async () => {
    const eur = await sniffed(
      'order_id;customer_id;order_date;amount\nA1;c1;2024-01-02;12,50 €\nA2;c2;2024-01-03;7,00 €\n',
    );
    expect(currencyOfFiles([eur])).toBe('EUR');
    const plain = await sniffed(
      'order_id,customer_id,order_date,amount\nA1,c1,2024-01-02,139.00\nA2,c2,2024-01-03,12\n',
    );
    expect(currencyOfFiles([plain])).toBeNull();
    expect(currencyOfFiles([eur, plain])).toBe('EUR');
  });

  it('looks only at the mapped money columns, and says nothing when files disagree', async () => {
    // A product name with a dollar sign is not money; the amount column carries pounds.
    const gbp = await sniffed(
      'order_id,customer_id,order_date,note,amount\nA1,c1,2024-01-02,$5 coupon,£3.20\nA2,c2,2024-01-03,$1 off,£4.00\n',
    );
    expect(currencyOfFiles([gbp])).toBe('GBP');
    const usd = await sniffed(
      'order_id,customer_id,order_date,amount\nB1,c1,2024-01-02,$5.00\nB2,c2,2024-01-03,$6.00\n',
      'more.csv',
    );
    expect(currencyOfFiles([gbp, usd])).toBeNull();
    // Remapped by the user to another column, the detection follows the mapping.
    const moved = {
      ...gbp,
      mapping: { ...gbp.mapping, columns: { ...gbp.mapping.columns, amount: 'note' } },
    };
    expect(currencyOfFiles([moved])).toBeNull();
    const byPosition = {
      ...gbp,
      mapping: { ...gbp.mapping, columns: { ...gbp.mapping.columns, amount: 5 } },
    };
    expect(currencyOfFiles([byPosition])).toBe('GBP');
  });

  it('ignores customer files', async () => {
    const customers = await sniffed(
      'customer_id,name,budget\nc1,Ann,$5\nc2,Bo,$6\n',
      'customers.csv',
    );
    expect(customers.mapping.table).toBe('customers');
    expect(currencyOfFiles([customers])).toBeNull();
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
