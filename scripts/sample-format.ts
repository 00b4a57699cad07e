import { closeSync, openSync, writeSync } from 'node:fs';
import iconv from 'iconv-lite';

export type Variant = 'en' | 'zh';

const DAY_MS = 86_400_000;

/** Date text per day index (days since `origin`), precomputed for both variants. */
export class DateTable {
  private readonly iso: string[] = [];
  private readonly zh: string[] = [];

  constructor(
    private readonly origin: number,
    private readonly first: number,
    last: number,
  ) {
    for (let d = first; d <= last; d++) {
      const date = new Date(origin + d * DAY_MS);
      const y = date.getUTCFullYear();
      const m = date.getUTCMonth() + 1;
      const day = date.getUTCDate();
      this.iso.push(`${y}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`);
      this.zh.push(`${y}/${m}/${day}`);
    }
  }

  format(day: number, variant: Variant): string {
    const i = day - this.first;
    const s = variant === 'en' ? this.iso[i] : this.zh[i];
    if (s === undefined) throw new Error(`day ${day} outside the date table`);
    return s;
  }

  get originMs(): number {
    return this.origin;
  }
}

/** Cents to `1234.50` (en) or `￥1,234.50` (zh: U+FFE5, since GBK has no ¥). */
export function formatMoney(cents: number, variant: Variant): string {
  const neg = cents < 0;
  const abs = Math.abs(cents);
  const frac = String(abs % 100).padStart(2, '0');
  const whole = Math.floor(abs / 100);
  if (variant === 'en') return `${neg ? '-' : ''}${whole}.${frac}`;
  const grouped = String(whole).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${neg ? '-' : ''}￥${grouped}.${frac}`;
}

export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

export function csvLine(fields: readonly string[], eol: string): string {
  return fields.map(csvField).join(',') + eol;
}

const CHUNK_CHARS = 1 << 16;

/**
 * Appends text and writes it to disk in small encoded chunks, so memory stays flat however
 * many rows go through. Chunks of ~64K characters let row strings die in the young
 * generation (1 MB chunks made the garbage collector half the run time). Synchronous writes
 * keep the generator a plain loop with no backpressure bookkeeping.
 */
export class ChunkedFile {
  private readonly fd: number;
  private pending: string[] = [];
  private pendingChars = 0;
  rows = 0;

  constructor(
    readonly path: string,
    private readonly encoding: 'utf-8' | 'gbk',
  ) {
    this.fd = openSync(path, 'w');
  }

  /** A data row; the header goes through `header()` so that row counts stay honest. */
  row(line: string): void {
    this.rows++;
    this.append(line);
  }

  header(line: string): void {
    this.append(line);
  }

  private append(text: string): void {
    this.pending.push(text);
    this.pendingChars += text.length;
    if (this.pendingChars >= CHUNK_CHARS) this.flush();
  }

  private flush(): void {
    if (this.pendingChars === 0) return;
    const text = this.pending.join('');
    const bytes = this.encoding === 'gbk' ? iconv.encode(text, 'gbk') : Buffer.from(text, 'utf8');
    let off = 0;
    while (off < bytes.length) off += writeSync(this.fd, bytes, off, bytes.length - off);
    this.pending = [];
    this.pendingChars = 0;
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}
