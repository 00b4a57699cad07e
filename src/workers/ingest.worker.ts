/// <reference lib="webworker" />
import { serveRequest, type IngestRequest } from './ingest-serve';

/** Sniffing, decoding, gunzip, XLSX and Parquet parsing run here, off the page's thread. */
self.onmessage = (e: MessageEvent<IngestRequest>) => {
  void serveRequest(e.data, self);
};
