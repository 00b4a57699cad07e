import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeDb } from '../../src/data/db-node';
import type { Db } from '../../src/data/db';
import { rebuildSummary } from '../../src/analysis/summary';
import {
  buildCustomerDetailQuery,
  buildTierHistoryQuery,
  parseCustomerDetail,
  parseTierHistory,
  type TierHistory,
} from '../../src/analysis/customer';
import type { AnalysisParams } from '../../src/analysis/params';
import { buildPyramidQuery, parsePyramid } from '../../src/analysis/pyramid';
import { loadFixture, order, type Fixture } from '../fixtures/analysis/load';

/**
 * As-of 2024-06-30; the data starts 2022-01-15 (2.5 years: quarters). Values to each quarter end
 * and the tiers they give (A: customers above hold < 80 % of the total, B: < 95 %, else C;
 * pyramid over customers who bought within 365 days: with n active, the first round(0.2 n) are
 * medium or better, so 3 or 4 active customers give exactly one medium):
 *   2022 Q1–Q4, 2023 Q1–Q3: e 5 alone: A (e stops being active after 2023-01-15).
 *   2023 Q4: d 10, e 5 (15): d A (0 above), e A (10/15); d small (n = 1, round(0.2) = 0).
 *   2024 Q1: b 250, a 20, d 10, e 5 (285): b A, a B (250/285 = .877), d B (270/285 = .947),
 *            e C (280/285); active b, a, d: b medium, a and d small, e inactive.
 *   2024 Q2: a 400, b 250, c 40, d 10, e 5 (705): a A, b A (400/705), c B (650/705 = .922),
 *            d C (690/705 = .979), e C; active a, b, c, d: a medium, the rest small.
 * a's order after as-of is left out.
 */
const HISTORY: Fixture = {
  orders: [
    order('e', '2022-01-15', 5),
    order('d', '2023-12-01', 10),
    order('a', '2024-01-10', 20),
    order('a', '2024-05-01', 380),
    order('a', '2024-07-05', 1000),
    order('b', '2024-02-01', 250),
    order('c', '2024-04-15', 50),
    order('c', '2024-06-20', -10, { status: 'returned' }),
  ],
};
const P: AnalysisParams = { asOf: '2024-06-30' };

let db: Db;
async function history(id: string, params: AnalysisParams = P): Promise<TierHistory> {
  return parseTierHistory(await db.query(buildTierHistoryQuery(id, params)));
}
const brief = (h: TierHistory) =>
  h.points.map((p) => `${p.year}Q${p.quarter} ${p.value} ${p.tier} ${p.pyramid}`);

describe('customer tier history', () => {
  beforeAll(async () => {
    db = await openNodeDb();
    await loadFixture(db, HISTORY);
    await rebuildSummary(db, P);
  }, 120_000);
  afterAll(() => db.close());

  it('gives the tier at each quarter end from the first order, as hand-computed', async () => {
    const a = await history('a');
    expect(a.unit).toBe('quarter');
    expect(brief(a)).toEqual(['2024Q1 20 B small', '2024Q2 400 A medium']);
    expect(a.points.map((p) => [p.end, p.partial])).toEqual([
      ['2024-03-31', false],
      ['2024-06-30', false],
    ]);
    expect(brief(await history('d'))).toEqual([
      '2023Q4 10 A small',
      '2024Q1 10 B small',
      '2024Q2 10 C small',
    ]);
    expect(brief(await history('b'))).toEqual(['2024Q1 250 A medium', '2024Q2 250 A small']);
    expect(brief(await history('c'))).toEqual(['2024Q2 40 B small']);
  });

  it('follows a customer through inactivity, one row per quarter', async () => {
    const e = await history('e');
    expect(e.points).toHaveLength(10);
    expect(e.points[0]).toMatchObject({ year: 2022, quarter: 1, end: '2022-03-31', tier: 'A' });
    expect(e.points.map((p) => p.pyramid)).toEqual([
      ...Array<string>(4).fill('small'),
      ...Array<string>(6).fill('inactive'),
    ]);
    expect(e.points.map((p) => p.tier).join('')).toBe('AAAAAAAACC');
  });

  it('ends at the current tier, for every customer and under other cut-offs', async () => {
    for (const cutoffs of [{}, { a: 0.5, b: 0.9 }]) {
      for (const id of ['a', 'b', 'c', 'd', 'e']) {
        const h = parseTierHistory(await db.query(buildTierHistoryQuery(id, P, cutoffs)));
        const now = parseCustomerDetail(await db.query(buildCustomerDetailQuery(id, P, cutoffs)));
        expect(h.points.at(-1)?.tier, `${id} ${JSON.stringify(cutoffs)}`).toBe(now?.tier);
        expect(h.points.at(-1)?.value).toBe(now?.value);
      }
    }
    // The last pyramid levels, tallied, are the pyramid the Tiers view shows.
    const tally = new Map<string, number>();
    for (const id of ['a', 'b', 'c', 'd', 'e']) {
      const level = (await history(id)).points.at(-1)?.pyramid ?? '';
      tally.set(level, (tally.get(level) ?? 0) + 1);
    }
    const pyramid = parsePyramid(await db.query(buildPyramidQuery(P)));
    for (const l of pyramid.levels) expect(tally.get(l.level) ?? 0, l.level).toBe(l.customers);
  });

  it('marks a period cut short by as-of, uses the chosen measure, and is empty for strangers', async () => {
    const mid = { asOf: '2024-05-15', measure: 'gross' as const };
    await rebuildSummary(db, mid, { afterLoad: false });
    const a = await history('a', mid);
    expect(a.points.at(-1)).toMatchObject({ end: '2024-05-15', partial: true, value: 400 });
    const c = await history('c', mid);
    expect(c.points.map((p) => p.value)).toEqual([50]);
    expect((await history('nobody', mid)).points).toEqual([]);
    await rebuildSummary(db, P, { afterLoad: false });
  });

  it('switches to years when the data spans more than four years', async () => {
    const years = await openNodeDb();
    await loadFixture(years, { orders: [...(HISTORY.orders ?? []), order('f', '2019-06-01', 1)] });
    await rebuildSummary(years, P);
    const a = parseTierHistory(await years.query(buildTierHistoryQuery('a', P)));
    expect(a.unit).toBe('year');
    expect(a.points.map((p) => [p.year, p.quarter, p.end, p.partial, p.tier])).toEqual([
      [2024, null, '2024-06-30', true, 'A'],
    ]);
    const f = parseTierHistory(await years.query(buildTierHistoryQuery('f', P)));
    expect(f.points.map((p) => p.year)).toEqual([2019, 2020, 2021, 2022, 2023, 2024]);
    expect(f.points.map((p) => p.end).slice(0, 2)).toEqual(['2019-12-31', '2020-12-31']);
    await years.close();
  });
});
