/**
 * Views over the committed English sample, loaded once for the file (the load is the slow
 * part), with every expected figure reckoned from the CSV in plain JavaScript.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { fireEvent, within } from '@testing-library/svelte';
import KpiStrip from '../../src/views/KpiStrip.svelte';
import ParetoView from '../../src/views/ParetoView.svelte';
import Header from '../../src/views/Header.svelte';
import type { Locale } from '../../src/i18n/messages';
import type { View } from '../../src/state/app-schema';
import { openSample, renderViews, type Loaded } from './harness';
import { reckonOrders, type Reckoning } from '../reckon';

let data: Loaded;
let expected: Reckoning;

beforeAll(async () => {
  data = await openSample('en');
  expected = reckonOrders('samples/en/orders.csv');
}, 120_000);
afterAll(() => data.db.close());

const WAIT = { timeout: 30_000 };
const TAG = { en: 'en-US', zh: 'zh-CN' } as const;
const LABELS = {
  en: { customers: 'Customers', value: 'Revenue', gini: 'Gini', pareto: 'Pareto 80/20' },
  zh: { customers: '客户数', value: '收入', gini: '基尼系数', pareto: '帕累托 80/20' },
} as const;

const pct = (lang: Locale, v: number) =>
  new Intl.NumberFormat(TAG[lang], { style: 'percent', maximumFractionDigits: 1 }).format(v);
// The English sample's amounts are US dollars: "$" in English, "US$" in Chinese.
const usd = (lang: Locale, v: number) =>
  new Intl.NumberFormat(TAG[lang], {
    style: 'currency',
    currency: 'USD',
    maximumFractionDigits: 0,
  }).format(v);

function kpi(strip: HTMLElement, metric: string) {
  const li = strip.querySelector<HTMLElement>(`[data-metric="${metric}"]`);
  if (!li) throw new Error(`no KPI ${metric}`);
  return {
    value: Number(li.dataset['value']),
    label: li.querySelector('.label')?.textContent,
    text: li.querySelector('.value')?.textContent,
  };
}

describe.each(['en', 'zh'] as const)('KPI strip in %s', (lang) => {
  test('carries the independently reckoned figures, formatted for the locale', async () => {
    const { container, settle } = renderViews([{ component: KpiStrip }], {
      data,
      search: `v=1&lang=${lang}`,
    });
    const strip = await within(container).findByTestId('kpi-strip', {}, WAIT);

    const customers = kpi(strip, 'customers');
    expect(customers.value).toBe(expected.customers);
    expect(customers.label).toBe(LABELS[lang].customers);
    expect(customers.text).toBe(new Intl.NumberFormat(TAG[lang]).format(expected.customers));

    expect(kpi(strip, 'orders').value).toBe(expected.orders);

    const value = kpi(strip, 'value');
    expect(value.value).toBeCloseTo(expected.value, 2);
    expect(value.label).toBe(LABELS[lang].value);
    expect(value.text).toBe(usd(lang, expected.value));
    expect(value.text?.startsWith(lang === 'en' ? '$' : 'US$')).toBe(true);

    const top = kpi(strip, 'top20Share');
    expect(top.value).toBeCloseTo(expected.topShare(0.2), 9);
    expect(top.text).toBe(pct(lang, expected.topShare(0.2)));

    const gini = kpi(strip, 'gini');
    expect(gini.value).toBeCloseTo(expected.gini, 9);
    expect(gini.label).toBe(LABELS[lang].gini);
    expect(gini.text).toBe(expected.gini.toFixed(2));
    await settle();
  });
});

test('a currency chosen in the link overrides the sample currency; none shows plain numbers', async () => {
  const cny = renderViews([{ component: KpiStrip }], {
    data,
    search: 'v=1&lang=zh&currency=CNY',
  });
  const strip = await within(cny.container).findByTestId('kpi-strip', {}, WAIT);
  const yuan = new Intl.NumberFormat('zh-CN', {
    style: 'currency',
    currency: 'CNY',
    maximumFractionDigits: 0,
  });
  expect(kpi(strip, 'value').text).toBe(yuan.format(expected.value));
  expect(kpi(strip, 'value').text?.startsWith('¥')).toBe(true);
  await cny.settle();
  cny.unmount();

  const none = renderViews([{ component: KpiStrip }], {
    data,
    search: 'v=1&lang=en&currency=none',
  });
  const plain = await within(none.container).findByTestId('kpi-strip', {}, WAIT);
  expect(kpi(plain, 'value').text).toBe(
    new Intl.NumberFormat('en-US').format(Math.round(expected.value)),
  );
  await none.settle();
});

describe('Pareto view', () => {
  test('moving the top-X slider rewrites the headline and the chart for the new share', async () => {
    const { container, settle } = renderViews([{ component: ParetoView }], {
      data,
      search: 'v=1&lang=en&view=pareto',
    });
    const view = within(container);
    const headline = await view.findByTestId('pareto-headline', {}, WAIT);
    const sentence = (top: number) =>
      `The top ${top}% of customers bring ${pct('en', expected.topShare(top / 100))} of revenue.`;
    expect(headline.textContent).toContain(sentence(20));
    const chart = view.getByTestId('pareto-chart');
    expect(chart.querySelector('svg')).not.toBeNull();
    expect(chart.textContent).toContain(sentence(20));

    const slider = view.getByTestId<HTMLInputElement>('top-slider');
    await fireEvent.input(slider, { target: { value: '35' } });
    expect(headline.textContent).toContain(sentence(35));
    expect(chart.textContent).toContain(sentence(35));
    expect(chart.textContent).not.toContain(sentence(20));
    expect(view.queryByText('Top 35% of customers')).not.toBeNull();
    await settle();
  });

  test('the top-customer table sorts by value both ways', async () => {
    const { container, settle } = renderViews([{ component: ParetoView }], {
      data,
      search: 'v=1&lang=en&view=pareto',
    });
    const view = within(container);
    await view.findByTestId('pareto-headline', {}, WAIT);
    const table = view.getByRole('table');
    const firstValue = () =>
      within(table).getAllByRole('row')[1]?.querySelectorAll('td')[1]?.textContent;
    // Largest first as the query returns it; the table holds the top 100 customers.
    expect(firstValue()).toBe(usd('en', expected.values[0] ?? NaN));
    const header = within(table).getByRole('button', { name: 'Revenue' });
    await fireEvent.click(header);
    expect(header.closest('th')?.getAttribute('aria-sort')).toBe('descending');
    expect(firstValue()).toBe(usd('en', expected.values[0] ?? NaN));
    await fireEvent.click(header);
    expect(header.closest('th')?.getAttribute('aria-sort')).toBe('ascending');
    expect(firstValue()).toBe(usd('en', expected.values[99] ?? NaN));
    await settle();
  });
});

describe('language switch', () => {
  test('re-renders the header, the KPI labels and their number formats', async () => {
    const { container, app, settle } = renderViews(
      [
        {
          component: Header,
          props: ({ store, session }) => ({
            present: false,
            session,
            locale: store.locale,
            setLocale: (l: Locale) => (store.state.lang = l),
            view: store.state.view,
            setView: (v: View) => (store.state.view = v),
          }),
        },
        { component: KpiStrip },
      ],
      { data, search: 'v=1', languages: ['en-GB'] },
    );
    const view = within(container);
    const strip = await view.findByTestId('kpi-strip', {}, WAIT);
    const nav = () => container.querySelector('[data-view="pareto"]')?.textContent;
    expect(nav()).toBe(LABELS.en.pareto);
    expect(view.getByTestId('dataset-name').textContent).toContain('Sample retailer (English)');
    expect(kpi(strip, 'value').text).toBe(usd('en', expected.value));

    await fireEvent.change(view.getByTestId('lang-select'), { target: { value: 'zh' } });
    expect(app.store.state.lang).toBe('zh');
    expect(nav()).toBe(LABELS.zh.pareto);
    expect(view.getByTestId('dataset-name').textContent).toContain('示例零售商（英文）');
    expect(kpi(strip, 'customers').label).toBe(LABELS.zh.customers);
    expect(kpi(strip, 'value').text).toBe(usd('zh', expected.value));
    // The figures stay the same; only their words and formats change.
    expect(kpi(strip, 'customers').value).toBe(expected.customers);
    await settle();
  });
});
