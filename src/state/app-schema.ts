import { PARETO_BANDS } from '../analysis/pareto-band';
import { LOCALES } from '../i18n/messages';
import {
  enumField,
  isoDateField,
  numberField,
  stringField,
  stringListField,
  type Field,
  type Schema,
} from './url-schema';

export const VIEWS = [
  'overview',
  'pareto',
  'tiers',
  'lifecycle',
  'churn',
  'notebook',
  'data',
  'report',
] as const;
export type View = (typeof VIEWS)[number];

/** `sample:en`, `sample:zh`, or `url:` and one or more http(s) addresses joined by ` `. */
export const DATA_SOURCE = /^(sample:(en|zh)|url:https?:\/\/\S+( https?:\/\/\S+)*)$/;

/** A comma-separated list of attribute values for a filter (values themselves have no commas). */
const FILTER_LIST = /^[^,]+(,[^,]+)*$/;

export interface AppState {
  lang: (typeof LOCALES)[number] | '';
  view: View;
  data: string;
  /** Column mapping (ImportMapping JSON, base64url) for files loaded from `data=url:…`. */
  map: string;
  /** Notebook cells: the user's own SQL, shared with the link. */
  cells: string[];
  /** Analysis date; '' = the last order date. */
  asOf: string;
  measure: 'net' | 'gross' | 'margin';
  seg: '' | 'region' | 'channel' | 'segment';
  region: string;
  channel: string;
  segment: string;
  /** Date window of orders, '' = open. */
  from: string;
  to: string;
  /** Pareto: share of top customers (percent). */
  top: number;
  /** Pareto: tenth of customers by value rank listed under the curve (1 = top 10 %), 0 = none. */
  band: number;
  /** ABC cut-offs, cumulative value share in percent. */
  abcA: number;
  abcB: number;
  /** Churn: P(alive) threshold (percent). */
  palive: number;
  /** Churn rule: overdue when silent for this many typical gaps. */
  overdue: number;
  cohort: 'month' | 'quarter';
  cohortBy: 'customers' | 'revenue';
  /** Customer shown in the drill-down, '' = none. */
  cust: string;
  /** Presentation mode (full screen slides). */
  present: 'on' | '';
  /**
   * Money display: 'auto' = the data's currency (a sample's own, or the symbol on imported
   * amounts), 'none' = plain numbers, or an ISO 4217 code such as CNY or USD.
   */
  currency: string;
}

/** A whole number in [min, max]; "2.5" or "03" would not round-trip, so they are unreadable. */
function integerField(min: number, max: number, def: number): Field<number> {
  return {
    parse: (raw) => {
      if (!/^(0|[1-9]\d*)$/.test(raw)) return undefined;
      const n = Number(raw);
      return n >= min && n <= max ? n : undefined;
    },
    format: (v) => String(v),
    default: def,
  };
}

/** lang '' means "follow the browser", so a link without lang opens in the reader's language. */
export const APP_SCHEMA: Schema<AppState> = {
  lang: enumField(['', ...LOCALES] as const, ''),
  view: enumField(VIEWS, 'overview'),
  data: stringField('', DATA_SOURCE),
  map: stringField('', /^[A-Za-z0-9_-]+$/),
  cells: stringListField(50),
  asOf: isoDateField(),
  measure: enumField(['net', 'gross', 'margin'] as const, 'net'),
  seg: enumField(['', 'region', 'channel', 'segment'] as const, ''),
  region: stringField('', FILTER_LIST),
  channel: stringField('', FILTER_LIST),
  segment: stringField('', FILTER_LIST),
  from: isoDateField(),
  to: isoDateField(),
  top: numberField(1, 99, 20),
  band: integerField(0, PARETO_BANDS, 0),
  abcA: numberField(10, 99, 80),
  abcB: numberField(11, 100, 95),
  palive: numberField(1, 99, 50),
  overdue: numberField(1, 10, 2),
  cohort: enumField(['month', 'quarter'] as const, 'month'),
  cohortBy: enumField(['customers', 'revenue'] as const, 'customers'),
  cust: stringField('', /^.{1,200}$/),
  present: enumField(['on', ''] as const, ''),
  currency: stringField('auto', /^(auto|none|[A-Z]{3})$/),
};
