import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { createRequire } from 'node:module';
import { CHROMIUM } from '../test/e2e/harness';

export interface Machine {
  nproc: number;
  cpu: string;
  memoryGiB: number;
  node: string;
  chromium: string | null;
  duckdbWasm: string;
  duckdbNative: string;
  date: string;
}

const require = createRequire(import.meta.url);

export function describeMachine(): Machine {
  let cpu = cpus()[0]?.model ?? 'unknown';
  try {
    const m = /model name\s*:\s*(.+)/.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    if (m?.[1]) cpu = m[1].trim();
  } catch {
    // /proc is Linux-only; os.cpus() already gave a model name.
  }
  let nproc = cpus().length;
  try {
    nproc = Number(execFileSync('nproc', { encoding: 'utf8' }).trim()) || nproc;
  } catch {
    // nproc missing: keep os.cpus().
  }
  let chromium: string | null = null;
  try {
    chromium = execFileSync(CHROMIUM, ['--version'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    chromium = null;
  }
  return {
    nproc,
    cpu,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    chromium,
    duckdbWasm: pkgVersion('@duckdb/duckdb-wasm'),
    duckdbNative: pkgVersion('@duckdb/node-api'),
    date: new Date().toISOString(),
  };
}

function pkgVersion(name: string): string {
  try {
    // Package exports hide package.json; walk up from the resolved entry point instead.
    let dir = dirname(require.resolve(name));
    while (!existsSync(join(dir, 'package.json')) || !dir.endsWith(name.split('/').pop() ?? name)) {
      const up = dirname(dir);
      if (up === dir) return 'unknown';
      dir = up;
    }
    return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string })
      .version;
  } catch {
    return 'unknown';
  }
}
