/**
 * A tiny typed schema for state kept in the URL query string. Every field has a parser that
 * rejects bad input and a default, so a damaged or hand-edited link degrades to the default
 * view with a notice instead of breaking the page.
 */
export interface Field<T> {
  parse(raw: string): T | undefined;
  format(value: T): string;
  default: T;
}

export type Schema<S> = { [K in keyof S]: Field<S[K]> };

export const URL_STATE_VERSION = '1';
const VERSION_KEY = 'v';

export function enumField<const T extends string>(values: readonly T[], def: T): Field<T> {
  return {
    parse: (raw) => ((values as readonly string[]).includes(raw) ? (raw as T) : undefined),
    format: (v) => v,
    default: def,
  };
}

export function numberField(min: number, max: number, def: number): Field<number> {
  return {
    parse: (raw) => {
      if (!/^-?\d+(\.\d+)?$/.test(raw)) return undefined;
      const n = Number(raw);
      return n >= min && n <= max ? n : undefined;
    },
    format: (v) => String(v),
    default: def,
  };
}

export function stringField(def: string, pattern?: RegExp): Field<string> {
  return {
    parse: (raw) => (pattern && !pattern.test(raw) ? undefined : raw),
    format: (v) => v,
    default: def,
  };
}

export function isoDateField(): Field<string> {
  return {
    parse: (raw) => {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(raw)) return undefined;
      const d = new Date(`${raw}T00:00:00Z`);
      return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== raw ? undefined : raw;
    },
    format: (v) => v,
    default: '',
  };
}

export interface Decoded<S> {
  state: S;
  /** Names of parameters that were present but unreadable (each fell back to its default). */
  problems: string[];
}

export function defaults<S>(schema: Schema<S>): S {
  const out = {} as S;
  for (const k of Object.keys(schema) as (keyof S)[]) out[k] = schema[k].default;
  return out;
}

export function decodeState<S>(search: string, schema: Schema<S>): Decoded<S> {
  const params = new URLSearchParams(search);
  const state = defaults(schema);
  const problems: string[] = [];
  const version = params.get(VERSION_KEY);
  if (version !== null && version !== URL_STATE_VERSION) {
    return { state, problems: [`${VERSION_KEY}=${version}`] };
  }
  for (const k of Object.keys(schema) as (keyof S & string)[]) {
    const raw = params.get(k);
    if (raw === null) continue;
    const v = schema[k].parse(raw);
    if (v === undefined) problems.push(`${k}=${raw}`);
    else state[k] = v;
  }
  for (const k of params.keys()) {
    if (k !== VERSION_KEY && !(k in schema)) problems.push(k);
  }
  return { state, problems };
}

/** Only values that differ from the defaults are written, so links stay short. */
export function encodeState<S>(state: S, schema: Schema<S>): string {
  const params = new URLSearchParams();
  params.set(VERSION_KEY, URL_STATE_VERSION);
  for (const k of Object.keys(schema) as (keyof S & string)[]) {
    const f = schema[k];
    const text = f.format(state[k]);
    if (text !== f.format(f.default)) params.set(k, text);
  }
  return params.toString();
}

/** A list of strings, stored as base64url JSON so any SQL text survives the address bar. */
export function stringListField(maxItems: number): Field<string[]> {
  return {
    parse: (raw) => {
      try {
        const v: unknown = JSON.parse(fromBase64Url(raw));
        if (!Array.isArray(v) || v.length > maxItems) return undefined;
        return v.every((s) => typeof s === 'string') ? (v as string[]) : undefined;
      } catch {
        return undefined;
      }
    },
    format: (v) => (v.length === 0 ? '' : toBase64Url(JSON.stringify(v))),
    default: [],
  };
}

export function toBase64Url(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

export function fromBase64Url(s: string): string {
  const bin = atob(s.replaceAll('-', '+').replaceAll('_', '/'));
  return new TextDecoder('utf-8', { fatal: true }).decode(
    Uint8Array.from(bin, (c) => c.charCodeAt(0)),
  );
}
