import type { Data, Table } from 'apache-arrow';
import type { AbcCutoffs, AbcResult } from '../analysis/abc';
import {
  asOfModel,
  buildAsOfModelCustomersQuery,
  buildAsOfModelRowsQuery,
  buildAsOfModelDaysQuery,
  type AsOfModel,
} from '../analysis/as-of-model';
import {
  asOfAbc,
  asOfKpis,
  asOfParetoOverview,
  asOfScope,
  type AsOfScope,
} from '../analysis/as-of-overview';
import type { Kpis } from '../analysis/kpi';
import { resolveParams, type AnalysisParams } from '../analysis/params';
import type { ParetoOverview } from '../analysis/pareto-overview';
import { tableColumns } from '../data/columns';
import type { Db } from '../data/db';
import type { ViewActivity } from './view-activity';

/**
 * Most `customer_days` rows the page holds as a model: 1M orders make about 1M rows (41 MB of
 * typed arrays); at 10M orders the page is over its memory budget without it.
 */
export const MODEL_MAX_ROWS = 3_000_000;

type Typed = Int8Array | Int32Array | Float64Array;

/** One column of a result without nulls as one typed array of `Ctor`'s type. */
function typedColumn<T extends Typed>(table: Table, name: string, Ctor: { new (n: number): T }): T {
  const vec = table.getChild(name);
  if (!vec) throw new Error(`as-of model: no column ${name}`);
  const chunks = (vec.data as Data[]).map((d) => {
    const values = d.values as unknown as T;
    if (d.nullCount > 0) throw new Error(`as-of model: nulls in ${name}`);
    if (!(values instanceof Ctor)) throw new Error(`as-of model: ${name} is not ${Ctor.name}`);
    return values.subarray(d.offset, d.offset + d.length) as T;
  });
  // One chunk (a result that came in one batch) is used as it is, not copied.
  if (chunks.length === 1 && chunks[0]) return chunks[0];
  const out = new Ctor(table.numRows);
  let at = 0;
  for (const c of chunks) {
    out.set(c as never, at);
    at += c.length;
  }
  return out;
}

/** The model of the loaded tables, or undefined when `customer_days` has over `maxRows` rows. */
export async function fetchAsOfModel(
  db: Db,
  maxRows = MODEL_MAX_ROWS,
): Promise<AsOfModel | undefined> {
  const [count] = await db.query(buildAsOfModelRowsQuery());
  if (Number(count?.['n'] ?? Infinity) > maxRows) return undefined;
  const c = tableColumns(await db.queryArrow(buildAsOfModelCustomersQuery()));
  const n = (c['n'] ?? []) as ArrayLike<number>;
  const strings = (k: string) => Array.from(c[k] ?? [], (v) => (v === null ? null : String(v)));
  const t = await db.queryArrow(buildAsOfModelDaysQuery());
  return asOfModel(
    { region: strings('region'), channel: strings('channel'), segment: strings('segment'), n },
    {
      day: typedColumn(t, 'day', Int32Array),
      prev: typedColumn(t, 'prev', Int32Array),
      buy: typedColumn(t, 'buy', Int8Array),
      orders: typedColumn(t, 'orders', Int32Array),
      net: typedColumn(t, 'net', Float64Array),
      gross: typedColumn(t, 'gross', Float64Array),
      margin: typedColumn(t, 'margin', Float64Array),
    },
  );
}

/** What the Overview shows besides the KPI strip. */
export interface OverviewFigures {
  pareto: ParetoOverview;
  abc: AbcResult;
}

/**
 * The as-of model of the data shown (`revision`: the session's data revision) and the
 * Overview's figures from it: undefined when there is none for that data or it cannot answer
 * (the SQL path does). Each figure comes back as the same object while its inputs hold, so a
 * view re-run when the SQL rebuild lands redraws nothing.
 */
export class OverviewModel {
  private model: AsOfModel | undefined;
  /** Data revision of `model`. */
  private rev = -1;
  /** Moves on `clear` and on each fetch: a fetch under way is installed only if it is the last. */
  private epoch = 0;
  private scope: { key: string; scope: AsOfScope | undefined } | undefined;
  private memo = new Map<string, unknown>();
  /** Data revision a `fetchLater` is waiting to fetch for. */
  private waiting: number | undefined;

  constructor(
    private readonly revision: () => number,
    private readonly maxRows = MODEL_MAX_ROWS,
  ) {}

  /** Whether a model of the data shown is held. */
  get held(): boolean {
    return this.model !== undefined && this.rev === this.revision();
  }

  clear(): void {
    this.epoch++;
    this.model = undefined;
    this.scope = undefined;
    this.memo.clear();
  }

  /**
   * Fetches the model of the data shown, unless `customer_days` is too large or `clear` is
   * called meanwhile.
   */
  async fetch(db: Db): Promise<void> {
    this.clear();
    const epoch = this.epoch;
    const rev = this.revision();
    const m = await fetchAsOfModel(db, this.maxRows);
    if (epoch !== this.epoch || !m) return;
    this.model = m;
    this.rev = rev;
  }

  /**
   * `fetch` once the views are quiet, through `enqueue` (behind the rebuilds queued), unless
   * the data changes first. Nothing shown waits for it: the SQL path answers meanwhile.
   */
  fetchLater(views: ViewActivity, enqueue: (job: () => Promise<void>) => void, db: Db): void {
    const rev = this.revision();
    // One fetch waiting serves every call meanwhile (a notebook runs many statements): it reads
    // the tables as they are when it runs.
    if (this.waiting === rev) return;
    this.waiting = rev;
    const done = () => {
      if (this.waiting === rev) this.waiting = undefined;
    };
    views.whenQuiet(
      () =>
        enqueue(async () => {
          done();
          if (this.revision() === rev) await this.fetch(db).catch(() => undefined);
        }),
      () => {
        const dropped = this.revision() !== rev;
        if (dropped) done();
        return dropped;
      },
    );
  }

  kpis(params: AnalysisParams, overdueFactor: number): Kpis | undefined {
    const activeDays = resolveParams(params).activeDays;
    return this.figure(params, ['kpis', overdueFactor, activeDays], (s) =>
      asOfKpis(s, overdueFactor, activeDays),
    );
  }

  overview(
    params: AnalysisParams,
    cutoffs: AbcCutoffs,
    maxPoints: number,
  ): OverviewFigures | undefined {
    return this.figure(params, ['overview', cutoffs, maxPoints], (s) => ({
      pareto: asOfParetoOverview(s, { maxPoints }),
      abc: asOfAbc(s, cutoffs),
    }));
  }

  private figure<T>(
    params: AnalysisParams,
    what: unknown[],
    make: (s: AsOfScope) => T,
  ): T | undefined {
    const model = this.model;
    if (!model || this.rev !== this.revision()) return undefined;
    const rp = resolveParams(params);
    // All the scope depends on: the segment-by and active window are not among it.
    const key = JSON.stringify([rp.asOf, rp.measure, rp.filters]);
    try {
      if (this.scope?.key !== key) {
        this.scope = { key, scope: asOfScope(model, params) };
        this.memo.clear();
      }
      const scope = this.scope.scope;
      if (!scope) return undefined;
      const k = JSON.stringify(what);
      if (!this.memo.has(k)) this.memo.set(k, make(scope));
      return this.memo.get(k) as T;
    } catch {
      // Parameters the SQL path refuses too: it reports the error.
      return undefined;
    }
  }
}
