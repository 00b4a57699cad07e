/**
 * Headless report: the app's own ingest and analysis code, run on files from disk, printing one
 * JSON document. Usage is in README ("Headless report").
 */
import { readFile, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { openNodeDb } from '../data/db-node';
import { loadFetched } from '../data/sources-core';
import type { ImportFile, ImportMapping } from '../data/ingest/types';
import { parseImportMapping } from '../data/ingest/mapping';
import { runReport, buildChurnListQuery } from '../analysis/report';
import { toCsv } from '../data/csv-export';
import type { ValueMeasure } from '../analysis/params';

const USAGE = `usage: npm run --silent report -- --orders FILE [--customers FILE] [--items FILE]
       [--products FILE] [--map MAPPING.json] [--as-of YYYY-MM-DD] [--value net|gross|margin]
       [--churn-csv FILE] [--today YYYY-MM-DD]`;

class UsageError extends Error {}

async function main(argv: string[]): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        orders: { type: 'string' },
        customers: { type: 'string' },
        items: { type: 'string' },
        products: { type: 'string' },
        map: { type: 'string' },
        'as-of': { type: 'string' },
        value: { type: 'string' },
        'churn-csv': { type: 'string' },
        today: { type: 'string' },
        help: { type: 'boolean' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (!values.orders) throw new UsageError('--orders FILE is required');
  const measure = values.value ?? 'net';
  if (!['net', 'gross', 'margin'].includes(measure)) {
    throw new UsageError(`--value must be net, gross or margin, got "${measure}"`);
  }
  const asOf = values['as-of'];
  if (asOf !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(asOf)) {
    throw new UsageError(`--as-of must be YYYY-MM-DD, got "${asOf}"`);
  }

  const paths = [values.orders, values.customers, values.items, values.products].filter(
    (p): p is string => typeof p === 'string',
  );
  const files: ImportFile[] = [];
  for (const p of paths) {
    try {
      files.push({ name: basename(p), data: new Uint8Array(await readFile(p)) });
    } catch (e) {
      throw new UsageError(`cannot read ${p}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  let mapping: ImportMapping | undefined;
  if (values.map) {
    try {
      mapping = parseImportMapping(await readFile(values.map, 'utf8'));
    } catch (e) {
      throw new UsageError(
        `cannot read mapping ${values.map}: ${e instanceof Error ? e.message : String(e)}`,
      );
    }
  }

  const db = await openNodeDb();
  try {
    const today = values.today ?? new Date().toISOString().slice(0, 10);
    const input = await loadFetched(db, files, today, mapping);
    const report = await runReport(db, { asOf: asOf ?? null, measure: measure as ValueMeasure });
    const out = {
      input: input.files.map((f) => ({
        file: f.file,
        table: f.table,
        rowsRead: f.read,
        rowsLoaded: f.loaded,
        rowsRejected: f.rejected,
        rejectReasons: Object.fromEntries(f.rejects.map((r) => [r.reason, r.rows])),
        warnings: Object.fromEntries(f.warnings.map((r) => [r.reason, r.rows])),
      })),
      ...report,
    };
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    if (values['churn-csv']) {
      const rows = await db.query(
        buildChurnListQuery({ asOf: asOf ?? null, measure: measure as ValueMeasure }),
      );
      const columns = rows[0] ? Object.keys(rows[0]) : [];
      await writeFile(values['churn-csv'], toCsv(columns, rows));
    }
  } finally {
    await db.close();
  }
}

main(process.argv.slice(2)).catch((e: unknown) => {
  const msg = e instanceof Error ? e.message : String(e);
  process.stderr.write(`report: ${msg}\n${e instanceof UsageError ? `${USAGE}\n` : ''}`);
  process.exitCode = e instanceof UsageError ? 2 : 1;
});
