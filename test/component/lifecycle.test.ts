/**
 * The Lifecycle view (funnel, stages, cohort heatmap) over the English sample, loaded once for
 * the file; every expected figure is reckoned from the CSV files in plain JavaScript.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { fireEvent, waitFor, within } from '@testing-library/svelte';
import LifecycleView from '../../src/views/LifecycleView.svelte';
import { openSample, renderViews, type Loaded } from './harness';
import { readSample, type Sample } from './reckon';
import { funnel, monthlyCohorts, stages } from './reckon-lifecycle';

let data: Loaded;
let sample: Sample;

beforeAll(async () => {
  sample = readSample('en');
  data = await openSample('en');
}, 120_000);
afterAll(() => data.db.close());

const WAIT = { timeout: 30_000 };
const pct = (v: number) =>
  new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 1 }).format(v);
const int = (v: number) => new Intl.NumberFormat('en-US').format(v);
const usd = (v: number) =>
  new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency: 'USD',
    maximumFractionDigits: 0,
  }).format(v);

function mount() {
  const { container, settle } = renderViews([{ component: LifecycleView }], {
    data,
    search: 'v=1&lang=en&view=lifecycle',
  });
  return { view: within(container), settle };
}

/** The hover texts of a chart's marks in one class, in drawing order. */
async function titles(chart: HTMLElement, mark: string): Promise<string[]> {
  await waitFor(() => expect(chart.querySelector(`svg .${mark}`)).not.toBeNull(), WAIT);
  return [...chart.querySelectorAll(`svg .${mark} title`)].map((t) => t.textContent ?? '');
}

test('the funnel counts equal the reckoning of purchase days, activity and tier', async () => {
  const { view, settle } = mount();
  const headline = await view.findByTestId('funnel-headline', {}, WAIT);
  const f = funnel(sample);
  // The sample's customer file lists every buyer, so everyone is in it.
  expect(f.everyone).toBe(sample.fileIds.length);
  const step = (label: string, n: number, previous: number) =>
    `${label}: ${int(n)} · ${pct(n / previous)} of previous step`;
  expect(await titles(view.getByTestId('funnel-chart'), 'stage')).toEqual([
    `Prospects: ${int(f.everyone)}`,
    step('First purchase', f.firstPurchase, f.everyone),
    step('Repeat buyers', f.repeat, f.firstPurchase),
    step('Loyal', f.loyal, f.repeat),
    step('Partners', f.partners, f.loyal),
  ]);
  expect(headline.textContent).toBe(
    `${pct(f.repeat / f.firstPurchase)} of first-time buyers came back; ${pct(f.loyal / f.repeat)} of repeat buyers became loyal.`,
  );
  expect(view.getByText(/of the customer file has bought at least once/).textContent).toBe(
    `${pct(f.firstPurchase / f.everyone)} of the customer file has bought at least once.`,
  );
  await settle();
});

test('the stage headline counts the at-risk and lapsed buyers and the at-risk revenue', async () => {
  const { view, settle } = mount();
  const headline = await view.findByTestId('stages-headline', {}, WAIT);
  const s = stages(sample);
  expect(headline.textContent).toBe(
    `${int(s.atRisk.customers)} customers are at risk and ${int(s.lapsed.customers)} have lapsed; the at-risk ones brought ${usd(s.atRisk.value)}.`,
  );
  await settle();
});

test('the cohort heatmap has a cell per reached month, none for months not reached yet', async () => {
  const { view, settle } = mount();
  const chart = await view.findByTestId('cohort-chart', {}, WAIT);
  const cohorts = monthlyCohorts(sample);
  const expected = (
    share: (c: { size: number; customers: number[]; revenue: number[] }, p: number) => number,
  ) =>
    [...cohorts].flatMap(([label, c]) =>
      c.customers.map((_, p) => `${label}, +${p}: ${pct(share(c, p))}`),
    );

  const byCustomers = await titles(chart, 'heat-cell');
  expect(byCustomers.sort()).toEqual(expected((c, p) => (c.customers[p] ?? NaN) / c.size).sort());
  // The last cohort started in the as-of month: its later months are not drawn, not drawn as 0 %.
  const [lastLabel, last] = [...cohorts].at(-1) ?? [];
  expect(last?.customers).toHaveLength(1);
  expect(byCustomers.filter((t) => t.startsWith(`${lastLabel},`))).toEqual([
    `${lastLabel}, +0: ${pct(1)}`,
  ]);
  expect(chart.querySelectorAll('svg .heat-blank rect')).toHaveLength(0);
  const months = cohorts.size;
  expect(byCustomers).toHaveLength((months * (months + 1)) / 2);

  await fireEvent.click(view.getByTestId('cohort-by-revenue'));
  await waitFor(() => expect(chart.textContent).toContain('Revenue vs the first period'), WAIT);
  const byRevenue = await titles(chart, 'heat-cell');
  expect(byRevenue.sort()).toEqual(
    expected((c, p) => (c.revenue[p] ?? NaN) / (c.revenue[0] ?? NaN)).sort(),
  );
  await settle();
});
