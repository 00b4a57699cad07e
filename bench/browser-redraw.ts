import type { Page } from 'playwright-core';
import { percentile, round } from './stats';

/** Redraw latency of one control in the built app, measured inside the page. */
export interface RedrawFigure {
  control: string;
  view: string;
  p50: number;
  p95: number;
  max: number;
  reps: number;
  /** Moves that changed nothing on screen within the time limit. */
  timeouts: number;
}

interface Control {
  control: string;
  view: string;
  /** The input moved. */
  input: string;
  event: 'input' | 'change';
  /** What must change on screen for the move to count as redrawn: every one of these. */
  watch: string[];
  /**
   * Quiet time before the first move: the page fetches the as-of model once no view has
   * queried for 2 s, and the as-of date redraws from it after that (from SQL before).
   */
  idleMs?: number;
  values: (i: number, initial: string) => string;
}

function minusDays(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - days);
  return d.toISOString().slice(0, 10);
}

const CHART = '.plot-figure svg';
const KPIS = '[data-testid="kpi-strip"] [data-metric]';

const CONTROLS: Control[] = [
  {
    control: 'top-X slider',
    view: 'pareto',
    input: '[data-testid="top-slider"]',
    event: 'input',
    watch: [CHART],
    values: (i) => String(5 + (i % 6) * 5),
  },
  {
    control: 'ABC A cut-off slider',
    view: 'tiers',
    input: '[data-testid="abc-a-slider"]',
    event: 'input',
    watch: [CHART],
    values: (i) => String(60 + (i % 6) * 5),
  },
  {
    control: 'P(alive) threshold slider',
    view: 'churn',
    input: '[data-testid="palive-slider"]',
    event: 'input',
    watch: [CHART],
    values: (i) => String(20 + (i % 6) * 10),
  },
  {
    control: 'value measure (net/gross)',
    view: 'overview',
    input: '[data-testid="measure"]',
    event: 'change',
    watch: [KPIS],
    values: (i) => (i % 2 === 0 ? 'gross' : 'net'),
  },
  {
    control: 'as-of date',
    view: 'overview',
    input: '[data-testid="as-of"]',
    event: 'change',
    // The strip and the curve: both come from the model, neither may wait for the rebuild.
    watch: [KPIS, CHART],
    idleMs: 6000,
    values: (i, initial) => minusDays(initial, 7 * (1 + (i % 8))),
  },
];

/**
 * Runs in the page, passed as text: tsx would wrap a function literal's inner helpers in a
 * `__name` call that does not exist there.
 */
const IN_PAGE = `async ({ input, event, watch, value }) => {
  const el = document.querySelector(input);
  if (!el) throw new Error('no ' + input);
  const html = (sel) => [...document.querySelectorAll(sel)].map((e) => e.outerHTML).join('|');
  const before = watch.map(html);
  const t0 = performance.now();
  el.value = value;
  el.dispatchEvent(new Event(event, { bubbles: true }));
  while (performance.now() - t0 < 60000) {
    await new Promise((r) => requestAnimationFrame(r));
    if (watch.every((sel, k) => html(sel) !== before[k])) return performance.now() - t0;
  }
  return null;
}`;

/**
 * Moves each control `reps` times on the loaded dataset and times, in the page, from setting the
 * value to the first animation frame where every watched element differs (charts re-rendered,
 * KPI figures changed). The first move of each control is a warm-up and not counted.
 */
export async function measureRedraws(page: Page, reps: number): Promise<RedrawFigure[]> {
  const out: RedrawFigure[] = [];
  for (const c of CONTROLS) {
    await page.click(`nav button[data-view="${c.view}"]`);
    await page.waitForSelector(c.input, { timeout: 120_000 });
    for (const w of c.watch) await page.waitForSelector(w, { timeout: 120_000 });
    if (c.idleMs) await page.waitForTimeout(c.idleMs);
    const initial = await page.inputValue(c.input);
    const times: number[] = [];
    let timeouts = 0;
    for (let i = 0; i <= reps; i++) {
      let value = c.values(i, initial);
      if (value === (await page.inputValue(c.input))) value = c.values(i + 1, initial);
      const args = JSON.stringify({ input: c.input, event: c.event, watch: c.watch, value });
      const ms = (await page.evaluate(`(${IN_PAGE})(${args})`)) as number | null;
      if (i === 0) continue;
      if (ms === null) timeouts++;
      else times.push(ms);
    }
    out.push({
      control: c.control,
      view: c.view,
      p50: times.length ? round(percentile(times, 0.5)) : NaN,
      p95: times.length ? round(percentile(times, 0.95)) : NaN,
      max: times.length ? round(Math.max(...times)) : NaN,
      reps: times.length,
      timeouts,
    });
  }
  return out;
}
