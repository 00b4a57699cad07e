import { LOCALES } from '../i18n/messages';
import { enumField, stringField, stringListField, type Schema } from './url-schema';

export const VIEWS = ['overview', 'notebook', 'data'] as const;
export type View = (typeof VIEWS)[number];

/** `sample:en`, `sample:zh`, or `url:<http(s) address>` of a file to load. */
export const DATA_SOURCE = /^(sample:(en|zh)|url:https?:\/\/\S+)$/;

export interface AppState {
  lang: (typeof LOCALES)[number] | '';
  view: View;
  data: string;
  /** Notebook cells: the user's own SQL, shared with the link. */
  cells: string[];
}

/** lang '' means "follow the browser", so a link without lang opens in the reader's language. */
export const APP_SCHEMA: Schema<AppState> = {
  lang: enumField(['', ...LOCALES] as const, ''),
  view: enumField(VIEWS, 'overview'),
  data: stringField('', DATA_SOURCE),
  cells: stringListField(50),
};
