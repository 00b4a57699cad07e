import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { BenchResults } from './report';

const LATEST = resolve('bench/results/latest.json');

export function readPrevious(): BenchResults | null {
  if (!existsSync(LATEST)) return null;
  return JSON.parse(readFileSync(LATEST, 'utf8')) as BenchResults;
}

/**
 * `next` over `prev`: engine figures by size, browser imports by label, other parts whole when
 * this run measured them. The machine and date are this run's; earlier options stay recorded.
 */
export function mergeResults(prev: BenchResults, next: BenchResults): BenchResults {
  const sizes = new Set(next.engines.map((e) => e.size));
  const engines = [...prev.engines.filter((e) => !sizes.has(e.size)), ...next.engines];
  const order = ['100k', '1m', '10m'];
  engines.sort((a, b) => order.indexOf(a.size) - order.indexOf(b.size));
  let browser = next.browser ?? prev.browser;
  if (prev.browser && next.browser) {
    const labels = new Set(next.browser.imports.map((i) => i.file));
    browser = {
      ...prev.browser,
      ...next.browser,
      bundle: next.browser.bundle ?? prev.browser.bundle,
      open: next.browser.open ?? prev.browser.open,
      imports: [
        ...prev.browser.imports.filter((i) => !labels.has(i.file)),
        ...next.browser.imports,
      ],
      notes: [...new Set([...prev.browser.notes, ...next.browser.notes])],
    };
  }
  return {
    machine: next.machine,
    options: { ...prev.options, merged: next.options },
    engines,
    sample: next.sample ?? prev.sample,
    models: next.models ?? prev.models,
    params: next.params ?? prev.params,
    browser,
    errors: [
      ...prev.errors.filter((e) => ![...sizes].some((z) => e.startsWith(`engines ${z}:`))),
      ...next.errors,
    ],
  };
}
