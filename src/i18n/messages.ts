/**
 * The one message catalogue. Components look strings up by key; nothing user-facing is
 * hard-coded elsewhere. `zh` must have every key `en` has (a test checks it).
 */
import { en } from './messages-en';
import { zh } from './messages-zh';

export { en, zh };
export type MessageKey = keyof typeof en;
export type Catalogue = Record<MessageKey, string>;

export const LOCALES = ['en', 'zh'] as const;
export type Locale = (typeof LOCALES)[number];

export const CATALOGUES: Record<Locale, Catalogue> = { en, zh };
