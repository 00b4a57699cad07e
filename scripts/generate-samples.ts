/**
 * Deterministic sample data: `npx tsx scripts/generate-samples.ts` rewrites samples/ (English
 * UTF-8 and Chinese GBK variants of the same simulated retailer); `--orders N --out DIR` writes
 * a scaled copy for benchmarks, streaming to disk. Same seed, same bytes.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CanonicalTable } from '../src/data/schema';
import { Calendar } from './sample-calendar';
import {
  buildCatalog,
  CATEGORY_LABELS,
  CHANNELS,
  REGIONS,
  SEGMENTS,
  STATUSES,
} from './sample-catalog';
import {
  ChunkedFile,
  DateTable,
  csvField,
  csvLine,
  formatMoney,
  type Variant,
} from './sample-format';
import {
  HEADERS,
  TABLES,
  VARIANT_INFO,
  type ManifestFile,
  type ManifestVariant,
  type SampleManifest,
} from './sample-manifest';
import { NameMaker } from './sample-names';
import { at } from './sample-rng';
import { buildPopulation, simulate } from './sample-sim';

export type { ManifestFile, ManifestVariant, SampleManifest };

export const DEFAULT_SEED = 8020;
export const DEFAULT_ORDERS = 60_000;
export const ORDERS_PER_CUSTOMER = 12;
const FROM = '2022-01-01';
const TO = '2024-12-31';
const DAY_MS = 86_400_000;

export interface GenerateOptions {
  outDir: string;
  /** Target order count; the simulation lands near it, not exactly on it. */
  orders?: number;
  customers?: number;
  seed?: number;
  variants?: readonly Variant[];
  /** Called every million orders with the count so far. */
  onProgress?: (orders: number) => void;
}

export interface GenerateStats {
  customers: number;
  prospects: number;
  orders: number;
  returns: number;
  orderItems: number;
  netRevenueCents: number;
}

function moneyField(cents: number, v: Variant): string {
  const text = formatMoney(cents, v);
  return v === 'zh' && (cents >= 100_000 || cents <= -100_000) ? csvField(text) : text;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** Writes every requested variant plus manifest.json into `outDir`; returns what it wrote. */
export function generateSamples(opts: GenerateOptions): {
  manifest: SampleManifest;
  stats: GenerateStats;
} {
  const seed = opts.seed ?? DEFAULT_SEED;
  const targetOrders = opts.orders ?? DEFAULT_ORDERS;
  const size = opts.customers ?? Math.max(1, Math.round(targetOrders / ORDERS_PER_CUSTOMER));
  const variants = opts.variants ?? ['en', 'zh'];
  const originMs = Date.parse(FROM);
  const days = (Date.parse(TO) - originMs) / DAY_MS + 1;
  const dates = new DateTable(originMs, -days, days - 1);
  const catalog = buildCatalog(seed);
  const pop = buildPopulation(seed, size, days);
  const cal = new Calendar(originMs, days);
  const customerWidth = Math.max(6, String(size).length);
  const orderWidth = Math.max(7, String(targetOrders * 2).length);
  const customerId = (i: number): string => `C${pad(i + 1, customerWidth)}`;

  const outs = variants.map((v) => {
    const dir = join(opts.outDir, v);
    mkdirSync(dir, { recursive: true });
    const encoding = v === 'en' ? 'utf-8' : 'gbk';
    const eol = v === 'en' ? '\n' : '\r\n';
    const files = Object.fromEntries(
      TABLES.map((t) => {
        const f = new ChunkedFile(join(dir, `${t}.csv`), encoding);
        f.header(csvLine(HEADERS[v][t], eol));
        return [t, f];
      }),
    ) as Record<CanonicalTable, ChunkedFile>;
    return { v, eol, files };
  });

  for (const { v, eol, files } of outs) {
    for (const p of catalog.products) {
      const row = [
        p.id,
        p.name[v],
        at(CATEGORY_LABELS, p.category)[v],
        formatMoney(p.unitCostCents, v),
      ];
      files.products.row(csvLine(row, eol));
    }
  }

  const names = new NameMaker(seed);
  for (let i = 0; i < size; i++) {
    const seg = pop.segment[i] ?? 0;
    const region = pop.region[i] ?? 0;
    const localName: Record<Variant, () => string> = {
      en: () => names.english(seg),
      zh: () => names.chinese(seg, region),
    };
    for (const { v, eol, files } of outs) {
      const row = [
        customerId(i),
        localName[v](),
        dates.format(pop.signupDay[i] ?? 0, v),
        at(REGIONS, region)[v],
        at(CHANNELS, pop.channel[i] ?? 0)[v],
        at(SEGMENTS, seg)[v],
      ];
      files.customers.row(csvLine(row, eol));
    }
  }

  const stats: GenerateStats = {
    customers: size,
    prospects: 0,
    orders: 0,
    returns: 0,
    orderItems: 0,
    netRevenueCents: 0,
  };
  const bought = new Uint8Array(size);
  simulate(seed, pop, catalog, cal, (o) => {
    const orderId = `SO${pad(o.seq, orderWidth)}`;
    let amount = 0;
    let qty = 0;
    for (const l of o.lines) {
      amount += l.revenueCents;
      qty += l.quantity;
    }
    stats.orders++;
    stats.orderItems += o.lines.length;
    stats.netRevenueCents += amount;
    if (o.returned) stats.returns++;
    bought[o.customer] = 1;
    if (opts.onProgress && stats.orders % 1_000_000 === 0) opts.onProgress(stats.orders);
    const status = o.returned ? STATUSES.returned : STATUSES.completed;
    const cid = customerId(o.customer);
    // Hot path for the 10M-order benchmark files: ids, dates and numbers never need quoting,
    // only money with thousands separators does (moneyField), so rows are built directly.
    for (const { v, eol, files } of outs) {
      const date = dates.format(o.day, v);
      const money = moneyField(amount, v);
      files.orders.row(`${orderId},${cid},${date},${money},${status[v]},${qty}${eol}`);
      for (const l of o.lines) {
        const pid = at(catalog.products, l.product).id;
        const rev = moneyField(l.revenueCents, v);
        files.order_items.row(
          `${orderId},${pid},${l.quantity},${rev},${moneyField(l.costCents, v)}${eol}`,
        );
      }
    }
  });
  stats.prospects = size - bought.reduce((n, b) => n + b, 0);

  const manifest: SampleManifest = {
    generator: 'scripts/generate-samples.ts',
    seed,
    period: { from: FROM, to: TO },
    variants: outs.map(({ v, files }) => {
      for (const t of TABLES) files[t].close();
      return {
        id: v,
        ...VARIANT_INFO[v],
        files: TABLES.map((t) => ({
          path: `${v}/${t}.csv`,
          table: t,
          encoding: v === 'en' ? 'utf-8' : 'gbk',
          rows: files[t].rows,
          columns: Object.fromEntries(HEADERS[v][t].map((h, i) => [h, at(HEADERS.en[t], i)])),
        })),
      };
    }),
  };
  writeFileSync(join(opts.outDir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  return { manifest, stats };
}

const USAGE = `Usage: npx tsx scripts/generate-samples.ts [options]
  (no options)        rewrite samples/en, samples/zh and samples/manifest.json
  --orders N          target order count (customers = N / ${ORDERS_PER_CUSTOMER}); needs --out
  --customers N       override the customer count
  --out DIR           output directory (files go to DIR/<variant>/ plus DIR/manifest.json)
  --variant V         en | zh | both (default: both for samples/, en with --orders)
  --seed N            random seed (default ${DEFAULT_SEED})`;

/** Command-line flags to options; throws UsageError with a message naming the bad flag. */
export function parseArgs(argv: readonly string[]): GenerateOptions {
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const a = at(argv, i);
    if (a === '--help' || a === '-h') throw new UsageError('');
    if (!['--orders', '--customers', '--out', '--variant', '--seed'].includes(a)) {
      throw new UsageError(`unknown argument: ${a}`);
    }
    const value = argv[++i];
    if (value === undefined) throw new UsageError(`${a} needs a value`);
    flags.set(a, value);
  }
  const int = (flag: string): number | undefined => {
    const raw = flags.get(flag);
    if (raw === undefined) return undefined;
    const n = Number(raw.replaceAll('_', ''));
    if (!Number.isSafeInteger(n) || n < (flag === '--seed' ? 0 : 1)) {
      throw new UsageError(`${flag} must be a whole number, got "${raw}"`);
    }
    return n;
  };
  const orders = int('--orders');
  const out = flags.get('--out');
  if (orders !== undefined && out === undefined) {
    throw new UsageError('--orders needs --out, so that samples/ is not overwritten');
  }
  const variant = flags.get('--variant') ?? (orders === undefined ? 'both' : 'en');
  if (!['en', 'zh', 'both'].includes(variant)) {
    throw new UsageError(`--variant must be en, zh or both, got "${variant}"`);
  }
  return {
    outDir: resolve(out ?? 'samples'),
    orders,
    customers: int('--customers'),
    seed: int('--seed'),
    variants: variant === 'both' ? ['en', 'zh'] : [variant as Variant],
  };
}

export class UsageError extends Error {}

function main(): void {
  let opts: GenerateOptions;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    if (e.message) console.error(`generate-samples: ${e.message}`);
    console.error(USAGE);
    process.exit(e.message ? 2 : 0);
  }
  const started = performance.now();
  const { stats } = generateSamples({
    ...opts,
    onProgress: (n) => console.error(`  ${n.toLocaleString('en')} orders...`),
  });
  const secs = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    `${opts.outDir}: ${stats.customers} customers (${stats.prospects} prospects), ` +
      `${stats.orders} orders (${stats.returns} returns), ${stats.orderItems} items, ` +
      `net revenue ${(stats.netRevenueCents / 100).toFixed(2)} in ${secs}s`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) main();
