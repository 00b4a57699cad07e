import type { CanonicalTable } from '../schema';
import type { IngestParser } from './parser';

/** Text encodings the importer can decode (WHATWG TextDecoder labels). */
export type EncodingName =
  'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030' | 'windows-1252' | 'macintosh';

/** Field separator; 'whitespace' means runs of spaces/tabs (fixed-width-ish text exports). */
export type Delimiter = ',' | ';' | '\t' | '|' | 'whitespace';

export type FileFormat = 'csv' | 'xlsx' | 'parquet';

/** Target canonical columns plus the two helper sources the loader understands. */
export type MappedField =
  | 'customer_id'
  | 'name'
  | 'signup_date'
  | 'region'
  | 'channel'
  | 'segment'
  | 'order_id'
  | 'order_date'
  | 'amount'
  | 'status'
  | 'quantity'
  /** amount = quantity x unit_price when no amount column is mapped (orders, order_items). */
  | 'unit_price'
  | 'product_id'
  | 'revenue'
  | 'cost'
  | 'category'
  | 'unit_cost';

/** A source column: its header text, or its 1-based position (`col3` files without a header). */
export type ColumnRef = string | number;

/** How dates in one column are written; `formats` are DuckDB strptime patterns tried in order. */
export interface DateSpec {
  formats: string[];
  /** Also accept Excel serial day numbers (20000..80000 ~ 1954..2119). */
  excelSerial: boolean;
}

/** What counts as a return / cancellation (rows are kept, flagged is_return). */
export interface ReturnsRule {
  negativeAmount: boolean;
  /** Order ids starting with this prefix are cancellations (Online Retail: "C"). */
  orderIdPrefix: string | null;
  /** Status values (case-insensitive, exact after trim) meaning returned / cancelled / refunded. */
  statusValues: string[];
}

/** Everything needed to load one file without guessing again. JSON-serialisable. */
export interface FileMapping {
  /** File name this mapping was made for (matching key when a saved mapping is re-applied). */
  file: string;
  table: CanonicalTable;
  format: FileFormat;
  /** Text files only. */
  encoding?: EncodingName;
  delimiter?: Delimiter;
  /** Quote character; '' disables quoting. Default '"'. */
  quote?: string;
  /** XLSX: sheet name (default: first sheet). */
  sheet?: string;
  /** Physical lines (rows for XLSX) above the header, or above the data when hasHeader is false. */
  skipRows: number;
  hasHeader: boolean;
  /** canonical field -> source column. */
  columns: Partial<Record<MappedField, ColumnRef>>;
  /** Per date field (order_date, signup_date). */
  dates?: Partial<Record<'order_date' | 'signup_date', DateSpec>>;
  decimalSeparator: '.' | ',';
  returns?: ReturnsRule;
  /** Identical source rows: rejected (default) or kept with a warning (order-line exports). */
  duplicates?: 'reject' | 'keep';
}

export interface ImportMapping {
  version: 1;
  files: FileMapping[];
}

/** A file handed to the importer. Give `data` (bytes or Blob/File) and/or a registered name. */
export interface ImportFile {
  name: string;
  data?: Uint8Array | Blob;
  /**
   * Name under which the file is already registered with the engine (browser: registerFileHandle).
   * Used directly by read_csv for UTF-8 delimited text, so a large File is never copied into JS.
   */
  registeredName?: string;
}

export interface EncodingGuess {
  encoding: EncodingName;
  confidence: number;
  bom: boolean;
  /** Other plausible encodings with their confidence, best first. */
  alternatives: { encoding: EncodingName; confidence: number }[];
}

export interface DateDetection {
  column: string;
  /** Formats that parsed the sample, with how many sample values each parsed. */
  matches: { format: string; count: number }[];
  excelSerial: number;
  unparsed: number;
  /** Day/month order cannot be decided from the values: the UI must ask. */
  ambiguous: boolean;
  /** When ambiguous: the two readings (month-first, day-first). */
  candidates?: [DateSpec, DateSpec];
  suggestion: DateSpec;
  mixed: boolean;
}

export interface KindScore {
  table: CanonicalTable;
  score: number;
}

export interface FileSniff {
  name: string;
  format: FileFormat;
  gzip: boolean;
  encoding?: EncodingGuess;
  delimiter?: Delimiter;
  newline?: 'lf' | 'crlf' | 'cr';
  sheets?: string[];
  skipRows: number;
  hasHeader: boolean;
  /** Column labels: header text, or col1..colN. */
  columns: string[];
  /** First data rows, as text. */
  preview: string[][];
  kinds: KindScore[];
  dates: DateDetection[];
  decimalSeparator: '.' | ',';
  mapping: FileMapping;
  notes: string[];
}

export interface Example {
  file: string;
  line: number;
  column: string | null;
  value: string | null;
}

export interface IssueCount {
  reason: string;
  rows: number;
  /** Sum of parseable amounts in these rows (orders / order_items), else 0. */
  amount: number;
  examples: Example[];
}

export interface FileReport {
  file: string;
  table: CanonicalTable;
  /** Source column labels (header text or col1..); the rejects download uses them. */
  columns: string[];
  /** Data rows in the file (records; blank lines excluded). */
  read: number;
  loaded: number;
  rejected: number;
  rejects: IssueCount[];
  warnings: IssueCount[];
  /** Revenue of rejected rows whose amount was readable. */
  rejectedAmount: number;
  /**
   * 'exact': lines are counted while decoding (blank lines and multi-line cells included);
   * 'counted': a registered file read directly, line = header lines + record number.
   */
  lineNumbers: 'exact' | 'counted';
  /** Source blank lines (not rows, not counted in read). */
  blankLines: number;
  /** Date formats actually used, with row counts. */
  dateFormats: { column: string; format: string; rows: number }[];
  /** Engine table holding the rejected rows' typed values and reason, by `__line` (for rejectsCsv). */
  stagingTable: string;
  /** Engine table holding the rejected rows as read (all text, c1..cN), by `__line` (for rejectsCsv). */
  sourceTable: string;
}

export interface ImportReport {
  files: FileReport[];
  customers: {
    total: number;
    fromCustomersFile: number;
    /** Customers present only in orders (added; listed in ingest_derived_customers). */
    derivedFromOrders: number;
    /** Customers from the customers file with no order. */
    prospects: number;
  };
  orders: {
    rows: number;
    returns: number;
    netAmount: number;
    grossAmount: number;
    /**
     * Orders counted by id (see `describeLoaded`), when the load knows it without counting: one
     * orders file whose rows all have an id, ascending.
     */
    distinct?: number;
  };
}

export interface LoadOptions {
  /** ISO date (YYYY-MM-DD) for the "date in the future" check; the engine has no clock. */
  today?: string;
  onProgress?: (p: {
    file: string;
    phase: 'read' | 'stage' | 'validate' | 'compress';
    bytes?: number;
    totalBytes?: number;
    rows?: number;
  }) => void;
  signal?: AbortSignal;
  /** Examples kept per reason (default 5). */
  examples?: number;
  /** Bytes decoded per step for text files (default 4 MiB); registered parts hold ~2x that in characters. */
  chunkBytes?: number;
  /** Where file bytes are parsed (default: the parser in use, see parser.ts). */
  parser?: IngestParser;
  /** Order and item rows from which the load compresses the tables (default `COMPRESS_MIN_ROWS`). */
  compressMinRows?: number;
}
