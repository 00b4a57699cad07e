import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeDb } from '../../src/data/db-node';
import type { Db } from '../../src/data/db';
import { tableColumns } from '../../src/data/columns';
import { rebuildSummary } from '../../src/analysis/summary';
import { buildBgnbdPatternsQuery, fitBgnbd, rfPatternsOf } from '../../src/analysis/bgnbd';
import {
  buildSpendPatternsQuery,
  fitGammaGamma,
  spendPatternsOf,
} from '../../src/analysis/gamma-gamma';
import {
  bucketedSpend,
  buildModelInputsQuery,
  groupRfPatterns,
  groupSpendPatterns,
  packedRf,
} from '../../src/analysis/model-inputs';
import { inputColumns, numberColumns } from '../../src/state/model-fit';
import { loadFixture } from '../fixtures/analysis/load';
import { SMALL, SMALL_AS_OF } from '../fixtures/analysis/small';
import { loadCdnow, loadEnglishSample } from './load-reference';

/** The patterns as the engine groups them and as the fit's worker groups the buyers' rows. */
async function bothWays(db: Db) {
  const sqlRf = numberColumns(tableColumns(await db.queryArrow(buildBgnbdPatternsQuery())), [
    'x',
    't_x',
    'T',
    'n',
  ] as const);
  const sqlSpend = numberColumns(tableColumns(await db.queryArrow(buildSpendPatternsQuery())), [
    'x',
    'm',
    'n',
  ] as const);
  const inputs = inputColumns(tableColumns(await db.queryArrow(buildModelInputsQuery())));
  return {
    sql: { rf: sqlRf, spend: sqlSpend },
    js: { rf: groupRfPatterns(inputs), spend: groupSpendPatterns(inputs) },
    fast: { rf: packedRf(inputs), spend: bucketedSpend(inputs) },
  };
}

const cases: [string, (db: Db) => Promise<void>][] = [
  [
    'the small fixture',
    async (db) => {
      await loadFixture(db, SMALL);
      await rebuildSummary(db, { asOf: SMALL_AS_OF });
    },
  ],
  [
    'CDNOW (calibration period)',
    async (db) => {
      await loadCdnow(db);
      await rebuildSummary(db, { asOf: '1997-09-30' });
    },
  ],
  [
    'the English sample, a date window and an attribute filter',
    async (db) => {
      await loadEnglishSample(db);
      await rebuildSummary(db, {
        filters: { from: '2023-03-01', region: ['North', 'East', 'South'] },
      });
    },
  ],
];

describe.each(cases)('model patterns grouped from the buyers rows: %s', (_, load) => {
  let db: Db;
  beforeAll(async () => {
    db = await openNodeDb();
    await load(db);
  }, 120_000);
  afterAll(async () => {
    await db.close();
  });

  it('are the pattern queries rows, in their order, and give the same fits to the bit', async () => {
    const { sql, js, fast } = await bothWays(db);
    // The summary's figures take the fast ways (packed numbers, spends sorted per x).
    expect(fast.rf).toEqual(sql.rf);
    expect(fast.spend).toEqual(sql.spend);
    expect(sql.rf.x.length).toBeGreaterThan(0);
    expect(sql.spend.x.length).toBeGreaterThan(0);
    expect(js.rf).toEqual(sql.rf);
    expect(js.spend).toEqual(sql.spend);
    expect(fitBgnbd(rfPatternsOf(js.rf))).toEqual(fitBgnbd(rfPatternsOf(sql.rf)));
    expect(fitGammaGamma(spendPatternsOf(js.spend))).toEqual(
      fitGammaGamma(spendPatternsOf(sql.spend)),
    );
  });
});
