import type { Db } from '../data/db';
import type { MessageKey } from '../i18n/messages';
import { openSource, type LoadedDataset } from '../data/sources';
import { getBrowserDb } from '../data/db-browser';

export interface DatasetInfo extends LoadedDataset {
  titleKey?: MessageKey;
}

/** The engine and whatever dataset is loaded into it; views re-query when `revision` moves. */
export class Session {
  dataset: DatasetInfo | undefined = $state();
  error: unknown = $state();
  revision = $state(0);
  db: Db | undefined;
  private openedSource = '';

  async open(source: string, force = false): Promise<void> {
    if (source === this.openedSource && !force) return;
    this.openedSource = source;
    this.error = undefined;
    this.dataset = undefined;
    try {
      const db = await getBrowserDb();
      this.db = db;
      const loaded = await openSource(db, source, fetch);
      if (source !== this.openedSource) return;
      const titleKey = loaded.sampleId ? (`sample.${loaded.sampleId}` as MessageKey) : undefined;
      this.dataset = { ...loaded, ...(titleKey ? { titleKey } : {}) };
      this.revision++;
    } catch (err) {
      if (source === this.openedSource) this.error = err;
    }
  }
}
