import { existsSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { SIZES, type SizeName } from './args';
import { log } from './stats';

export const DATA_ROOT = resolve('bench/data');
export const TABLE_FILES = ['customers', 'products', 'orders', 'order_items'] as const;

export interface Dataset {
  size: SizeName;
  dir: string;
  /** Absolute paths by canonical table. */
  files: Record<(typeof TABLE_FILES)[number], string>;
  bytes: number;
}

/** The generated data set of `size`, generating it with the sample generator when missing. */
export function ensureDataset(size: SizeName): Dataset {
  const dir = join(DATA_ROOT, size, 'en');
  const files = Object.fromEntries(
    TABLE_FILES.map((t) => [t, join(dir, `${t}.csv`)]),
  ) as Dataset['files'];
  const complete =
    existsSync(join(DATA_ROOT, size, 'manifest.json')) &&
    Object.values(files).every((f) => existsSync(f));
  if (!complete) {
    log(`generating ${size} (${SIZES[size]} orders) with scripts/generate-samples.ts`);
    const r = spawnSync(
      'npx',
      [
        'tsx',
        'scripts/generate-samples.ts',
        '--orders',
        String(SIZES[size]),
        '--out',
        join('bench/data', size),
      ],
      { stdio: 'inherit' },
    );
    if (r.status !== 0) throw new Error(`sample generator failed for ${size} (exit ${r.status})`);
  }
  const bytes = Object.values(files).reduce((s, f) => s + statSync(f).size, 0);
  return { size, dir, files, bytes };
}
