import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Db } from '../../src/data/db';

/** Shared by samples.test.ts and samples-committed.test.ts. */
export const SAMPLE_TABLES = ['customers', 'orders', 'order_items', 'products'] as const;

export class TempDirs {
  private readonly dirs: string[] = [];

  make(): string {
    const d = mkdtempSync(join(tmpdir(), 'clientele-samples-'));
    this.dirs.push(d);
    return d;
  }

  removeAll(): void {
    for (const d of this.dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  }
}

/** Relative paths of the files under `root`, sorted; dotfiles (.gitattributes) left out. */
export function listFiles(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && !e.name.startsWith('.'))
    .map((e) => join(e.parentPath, e.name).slice(root.length + 1))
    .sort();
}

export function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

export function row<T>(rows: readonly T[], i: number): T {
  const r = rows[i];
  if (r === undefined) throw new Error(`no row ${i}`);
  return r;
}

/** Loads the English CSVs under `dir`/en into tables named like the canonical ones. */
export async function loadEnglish(db: Db, dir: string): Promise<void> {
  for (const t of SAMPLE_TABLES) {
    await db.registerBuffer(`${t}.csv`, readFileSync(join(dir, 'en', `${t}.csv`)));
    await db.exec(
      `CREATE OR REPLACE TABLE ${t} AS SELECT * FROM read_csv('${t}.csv', header = true)`,
    );
  }
}
