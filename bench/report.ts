import type { Machine } from './machine';
import type { EnginesResult } from './engines';
import type { ModelFigures } from './models';
import type { LatencyFigure } from './params-latency';
import type { BrowserResult } from './browser';
import type { SampleLoadFigures } from './sample-load';
import { checkTargets } from './targets';
import { ANALYSIS_STEPS } from './pipeline';

export interface BenchResults {
  machine: Machine;
  options: Record<string, unknown>;
  engines: EnginesResult[];
  sample: SampleLoadFigures | null;
  models: { size: string; figures: ModelFigures } | null;
  params: {
    size: string;
    figures: LatencyFigure[];
    /** The same changes on native DuckDB (same SQL), to show what the engine itself needs. */
    native?: Partial<Record<'native' | 'native1', LatencyFigure[]>>;
  } | null;
  browser: (BrowserResult & { size: string }) | null;
  errors: string[];
}

const ENGINE_NAMES: Record<string, string> = {
  native: 'native DuckDB',
  native1: 'native DuckDB (1 thread)',
  wasm: 'DuckDB-WASM (Node)',
};

const fmt = (x: number | undefined) =>
  x === undefined || Number.isNaN(x)
    ? '–'
    : x >= 10_000
      ? `${(x / 1000).toFixed(1)} s`
      : `${Math.round(x)} ms`;
const ratio = (x: number | undefined, ref: number | undefined) =>
  x === undefined || ref === undefined || ref === 0 ? '' : ` (${(x / ref).toFixed(1)}x)`;

function engineTable(e: EnginesResult): string[] {
  const n = e.engines.native?.ms;
  const n1 = e.engines.native1?.ms;
  const w = e.engines.wasm?.ms;
  const js = e.engines.js?.ms;
  const rows: [string, string][] = [
    ['ingest (4 files, loadFiles)', 'ingest'],
    ...ANALYSIS_STEPS.map((s) => [`analysis: ${s}`, s] as [string, string]),
    ['analysis total', 'analysis'],
    ['**ingest + analysis**', 'ingestAnalysis'],
  ];
  const lines = [
    `#### ${e.size}: ${(e.bytes / 2 ** 20).toFixed(0)} MiB of CSV, ${e.engines.wasm?.rows?.['orders'] ?? e.engines.native?.rows?.['orders'] ?? '?'} order rows, median of ${e.runs}`,
    '',
    '| step | native DuckDB | native, 1 thread | DuckDB-WASM (Node) | PapaParse + JS |',
    '|---|---:|---:|---:|---:|',
  ];
  for (const [label, k] of rows) {
    lines.push(
      `| ${label} | ${fmt(n?.[k])} | ${fmt(n1?.[k])}${ratio(n1?.[k], n?.[k])} | ${fmt(w?.[k])}${ratio(w?.[k], n?.[k])} | |`,
    );
  }
  lines.push(
    `| orders.csv → per-customer totals, top-20% share, ABC (one task) | ${fmt(n?.['mini'])} | ${fmt(n1?.['mini'])}${ratio(n1?.['mini'], n?.['mini'])} | ${fmt(w?.['mini'])}${ratio(w?.['mini'], n?.['mini'])} | ${fmt(js?.['mini'])}${ratio(js?.['mini'], n?.['mini'])} |`,
  );
  const versions = (['native', 'wasm'] as const)
    .map((k) => `${k} ${e.engines[k]?.version ?? '–'}`)
    .join(', ');
  const peaks = (['native', 'native1', 'wasm', 'js'] as const)
    .map((k) => `${k} ${e.engines[k]?.peakRssMiB ?? '–'}`)
    .join(', ');
  for (const [k, msg] of Object.entries(e.failures ?? {})) {
    lines.push('', `**${ENGINE_NAMES[k] ?? k} failed:** ${msg}`);
  }
  lines.push(
    '',
    `Engine versions: ${versions}. Peak RSS (MiB): ${peaks}. Checks: ${e.checks.join('; ')}.`,
    '',
  );
  return lines;
}

export function renderMarkdown(r: BenchResults): string {
  const m = r.machine;
  const out: string[] = [
    '## Performance',
    '',
    `Measured ${m.date.slice(0, 16).replace('T', ' ')} UTC on ${m.nproc} cores (${m.cpu}), ${m.memoryGiB} GiB RAM, Node ${m.node}, ${m.chromium ?? 'no Chromium'}, DuckDB-WASM ${m.duckdbWasm}, native DuckDB ${m.duckdbNative}. Reproduce with \`npm run bench\` (\`-- --full\` adds 10M orders).`,
    '',
    '### Targets',
    '',
    '| target | measured | |',
    '|---|---|---|',
    ...checkTargets(r).map(
      (t) =>
        `| ${t.target} | ${t.measured} | ${t.pass === null ? '–' : t.pass ? 'pass' : '**miss**'} |`,
    ),
    '',
    '### Engines on the same files (ratio to native DuckDB)',
    '',
    "Same ingest code (`loadFiles`) and the same analysis SQL strings and values on both DuckDB engines (bound on native DuckDB, written in as literals by the app's adapter on DuckDB-WASM); the PapaParse column is a plain-JS baseline for the one task it can do.",
    '',
  ];
  for (const e of r.engines) out.push(...engineTable(e));
  if (r.sample) {
    const s = r.sample;
    out.push(
      `### Committed sample (samples/en, ${(s.bytes / 2 ** 20).toFixed(1)} MiB, DuckDB-WASM Node, median of ${s.runs})`,
      '',
      `Ingest as the build-time snapshot makes it (bytes decoded in JS): ${fmt(s.decodedMs)}; the same files registered and read directly: ${fmt(s.registeredMs)}; then customer_days, the summary and the KPI query: ${fmt(s.kpiMs)}.`,
      '',
    );
  }
  if (r.models) {
    const f = r.models.figures;
    out.push(
      `### Churn models (${r.models.size}, DuckDB-WASM Node, median of ${f.runs})`,
      '',
      '| step | time |',
      '|---|---:|',
      `| BG/NBD pattern query (${f.patterns} distinct (x, t_x, T) patterns, ${f.buyers} buyers) | ${fmt(f.ms.bgnbdPatterns)} |`,
      `| BG/NBD fit (optimiser; one likelihood evaluation ${f.objectiveMs} ms, fit = ~${f.estimatedEvaluations} such evaluations) | ${fmt(f.ms.bgnbdFit)} |`,
      `| **BG/NBD total** | ${fmt(f.ms.bgnbdTotal)} |`,
      `| Gamma-Gamma query + fit | ${fmt(f.ms.gammaGamma)} |`,
      `| both models (what fitModels runs) | ${fmt(f.ms.fitModels)} |`,
      '',
    );
  }
  if (r.params) {
    const nat = r.params.native ?? {};
    const on = (k: 'native' | 'native1', change: string) =>
      nat[k]?.find((f) => f.change === change);
    const cell = (f: LatencyFigure | undefined) => (f ? `${fmt(f.p50)} / ${fmt(f.p95)}` : '–');
    const withNative = nat.native !== undefined || nat.native1 !== undefined;
    out.push(
      `### Parameter changes (${r.params.size}, DuckDB-WASM Node, after a load)`,
      '',
      ...(withNative
        ? [
            'The same statements on native DuckDB (2 threads and 1) show what the engine itself needs for each change (p50 / p95).',
            '',
          ]
        : []),
      `| change | re-runs | repetitions | p50 | p95 |${withNative ? ' native | native, 1 thread |' : ''}`,
      `|---|---|---:|---:|---:|${withNative ? '---:|---:|' : ''}`,
      ...r.params.figures.map(
        (f) =>
          `| ${f.change} | ${f.work}${f.background ? ' (background: after the redraw)' : ''} | ${f.reps} | ${fmt(f.p50)} | ${fmt(f.p95)} |${
            withNative
              ? ` ${cell(on('native', f.change))} | ${cell(on('native1', f.change))} |`
              : ''
          }`,
      ),
      '',
    );
  }
  const b = r.browser;
  if (b) {
    out.push(`### In the browser (headless Chromium, built app)`, '');
    if (b.bundle) {
      out.push(
        `JS requested until the first chart is drawn: ${b.bundle.jsGzipKiB} KiB gzip (${b.bundle.jsWithWorkerGzipKiB} KiB with the DuckDB worker); ${
          b.bundle.wasmGzipKiB > 0
            ? `wasm ${b.bundle.wasmGzipKiB} KiB gzip.`
            : // The sample's first chart is drawn from its recorded results while the engine
              // starts: whether the wasm is requested before it is a race.
              'no wasm (the engine was still starting: the chart came from the recorded results of the sample).'
        }`,
        '',
      );
    }
    if (b.open) {
      out.push(
        `Default page (English sample), three visits in one browser profile on disk, median of ${b.open.runs}${b.open.firstChartMs !== null ? `; first chart on the third visit ${fmt(b.open.firstChartMs)}` : ''}:`,
        '',
        '| visit | wasm downloaded | sample named in the header | KPI strip | Pareto view opened next, drawn (needs the engine) |',
        '|---|---:|---:|---:|---:|',
        ...(
          [
            ['cold', 'first'],
            ['warm', 'second (wasm bytes cached)'],
            ['returning', 'third (compiled wasm cached too)'],
          ] as const
        ).map(
          ([k, label]) =>
            `| ${label} | ${fmt(b.open?.[k]?.wasmMs ?? undefined)} | ${fmt(b.open?.[k]?.datasetMs)} | ${fmt(b.open?.[k]?.kpiMs)} | ${fmt(b.open?.[k]?.nextViewMs ?? undefined)} |`,
        ),
        '',
      );
    }
    if (b.imports.length) {
      out.push(
        '| import (Data view, file input) | size | sniff + mapping | load | KPI render | **to KPI strip** | then Pareto, Tiers, Lifecycle, Churn | **to all views** | renderer peak RSS | main-thread JS heap after |',
        '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
      );
      for (const i of b.imports) {
        const views = i.viewsMs
          ? Object.values(i.viewsMs)
              .map((v) => fmt(v))
              .join(', ')
          : '';
        out.push(
          i.ok
            ? `| ${i.file} | ${i.sizeMiB} MiB | ${fmt(i.sniffMs)} | ${fmt(i.loadMs)} | ${fmt(i.kpiMs)} | **${fmt(i.totalMs)}** | ${views} | **${fmt(i.allViewsMs)}** | ${i.peakRendererMiB} MiB | ${i.mainJsHeapMiB} MiB |`
            : `| ${i.file} | ${i.sizeMiB} MiB | failed: ${i.error} | | | | | | | |`,
        );
      }
      out.push(
        '',
        'Views are opened one after another as a user would click them; each is timed from the click until it has drawn its charts and no panel is loading (Churn includes fitting the BG/NBD and Gamma-Gamma models).',
      );
      const picked = b.imports.find((i) => i.pickFileMs !== undefined);
      if (picked) {
        const states = b.imports.flatMap((i) => i.warmUpAtDrop ?? []);
        const counts = [...new Set(states)].map(
          (s) => `${s} ${states.filter((x) => x === s).length}`,
        );
        out.push(
          '',
          `Each import starts from the sample's page, ${fmt(picked.pickFileMs)} after the Data view opened (a user choosing the file; the engine's warm-up runs meanwhile). Warm-up at the drop, over all imports: ${counts.join(', ')}.`,
        );
      }
      out.push('');
      for (const i of b.imports) {
        if (!i.redraw?.length) continue;
        out.push(
          `Redraw after moving a control, ${i.file} loaded (in the page: value set -> first frame where the chart or KPI figures changed; first move not counted):`,
          '',
          '| control | view | moves | p50 | p95 | max |',
          '|---|---|---:|---:|---:|---:|',
          ...i.redraw.map(
            (f) =>
              `| ${f.control} | ${f.view} | ${f.reps}${f.timeouts ? ` (+${f.timeouts} no change)` : ''} | ${fmt(f.p50)} | ${fmt(f.p95)} | ${fmt(f.max)} |`,
          ),
          '',
        );
      }
    }
    for (const n of b.notes) out.push(`Note: ${n}`, '');
  }
  const slow =
    r.engines.find((e) => e.size === r.params?.size)?.engines.wasm?.slowest ??
    r.engines.at(-1)?.engines.wasm?.slowest;
  if (slow?.length) {
    out.push(
      '### Slowest statements (DuckDB-WASM Node, first run)',
      '',
      '| ms | calls | statement |',
      '|---:|---:|---|',
    );
    for (const s of slow.slice(0, 8))
      out.push(
        `| ${Math.round(s.ms)} | ${s.calls} | \`${s.sql.replaceAll('|', '\\|').replaceAll('`', "'")}\` |`,
      );
    out.push('');
  }
  if (r.errors.length) out.push('### Errors', '', ...r.errors.map((e) => `- ${e}`), '');
  return out.join('\n');
}
