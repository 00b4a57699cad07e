/** Public ingest API: sniff files, build/apply an ImportMapping, load, download rejects. */
export { sniffFile, type SniffOptions } from './sniff';
export { setIngestParser, ingestParser, type IngestParser } from './parser';
export { loadFiles, mappingFor, dropImportTables, DERIVED_CUSTOMERS_TABLE } from './load';
export { rejectsCsv } from './rejects';
export { detectEncoding } from './encoding';
export { detectDates, EXCEL_SERIAL } from './dates';
export { parseImportMapping, suggestMapping } from './mapping';
export { RETURN_STATUSES } from './returns';
export type * from './types';
