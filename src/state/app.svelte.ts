import { preferredLocale } from '../i18n/translate';
import type { Locale } from '../i18n/messages';
import { APP_SCHEMA, type AppState } from './app-schema';
import { decodeState, encodeState, fromBase64Url } from './url-schema';
import { parseImportMapping } from '../data/ingest/mapping';
import type { ImportMapping } from '../data/ingest/types';

/** View state that lives in the URL, so a shared link reproduces what the sender saw. */
export class AppStore {
  state: AppState = $state() as AppState;
  /** Parameters of the opening link that could not be read; shown once as a notice. */
  linkProblems: string[] = $state([]);
  private readonly browserLanguages: readonly string[];

  constructor(search: string, browserLanguages: readonly string[]) {
    const decoded = decodeState(search, APP_SCHEMA);
    this.state = decoded.state;
    this.linkProblems = decoded.problems;
    this.browserLanguages = browserLanguages;
  }

  get locale(): Locale {
    return this.state.lang || preferredLocale(this.browserLanguages);
  }

  /** With no data in the link, the bundled sample in the reader's language opens. */
  get dataSource(): string {
    return this.state.data || `sample:${this.locale}`;
  }

  /** The column mapping carried by the link, if any; a damaged one is reported, not guessed. */
  get mapping(): ImportMapping | undefined {
    if (!this.state.map) return undefined;
    try {
      return parseImportMapping(fromBase64Url(this.state.map));
    } catch (e) {
      this.mappingError = e instanceof Error ? e.message : String(e);
      return undefined;
    }
  }

  mappingError: string | undefined = $state();

  /** Takes the view of a workspace file (its data is loaded separately; language stays). */
  applySearch(search: string): void {
    const decoded = decodeState(search, APP_SCHEMA);
    const lang = this.state.lang;
    Object.assign(this.state, decoded.state, { lang, data: '', map: '' });
    this.linkProblems = decoded.problems;
  }

  get search(): string {
    return encodeState(this.state, APP_SCHEMA);
  }
}
