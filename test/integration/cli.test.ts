import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import Papa from 'papaparse';

const run = promisify(execFile);
const DATA = resolve(process.cwd(), '../shared/datasets');
const TSX = resolve('node_modules/.bin/tsx');

async function report(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(TSX, ['src/cli/report.ts', ...args], {
      maxBuffer: 64 << 20,
    });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

describe('headless report CLI', () => {
  it('reproduces the Online Retail Germany reference figures and writes the churn list', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'clientele-cli-'));
    const churnCsv = join(dir, 'churn.csv');
    const r = await report([
      '--orders',
      join(DATA, 'online-retail-germany/germany.csv'),
      '--map',
      'test/fixtures/ingest/mappings/online-retail-germany.json',
      '--churn-csv',
      churnCsv,
      '--today',
      '2026-11-23',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.input[0].rowsRead).toBe(out.input[0].rowsLoaded + out.input[0].rowsRejected);
    expect(out.totals.customers).toBe(95);
    expect(out.totals.value).toBeCloseTo(221698.21, 2);
    expect(out.pareto.topShare).toBeCloseTo(0.624, 3);
    expect(out.tiers.abc.map((t: { tier: string }) => t.tier)).toEqual(['A', 'B', 'C']);
    expect(out.churn.bgnbd.r).toBeGreaterThan(0);
    const rows = Papa.parse<Record<string, string>>(readFileSync(churnCsv, 'utf8').trim(), {
      header: true,
    }).data;
    expect(rows.length).toBe(out.churn.atRiskCustomers);
  });

  it('fails with a clear message and exit code 2 on bad arguments', async () => {
    const missing = await report([]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--orders FILE is required/);
    const badValue = await report(['--orders', 'x.csv', '--value', 'profit']);
    expect(badValue.code).toBe(2);
    expect(badValue.stderr).toMatch(/--value must be net, gross or margin/);
    const noFile = await report(['--orders', 'does-not-exist.csv']);
    expect(noFile.code).toBe(2);
    expect(noFile.stderr).toMatch(/cannot read does-not-exist\.csv/);
  });
});
