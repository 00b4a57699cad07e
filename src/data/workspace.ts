import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { parseImportMapping } from './ingest/mapping';
import type { ImportMapping } from './ingest/types';

/**
 * A workspace file: the user's own data files, the mapping that reads them, and the view state
 * (the same query string a link carries, notebook cells included), in one zip. Local files cannot
 * travel in a link; this file can be sent instead and dropped onto another person's Clientele.
 */
export interface Workspace {
  files: { name: string; bytes: Uint8Array }[];
  mapping: ImportMapping;
  /** URL query string of the view, without the data source. */
  search: string;
}

const MANIFEST = 'clientele-workspace.json';
export const WORKSPACE_SUFFIX = '.clientele.zip';

export function isWorkspaceName(name: string): boolean {
  return name.toLowerCase().endsWith(WORKSPACE_SUFFIX);
}

export function writeWorkspace(w: Workspace): Uint8Array {
  const entries: Record<string, Uint8Array> = {
    [MANIFEST]: strToU8(
      JSON.stringify({ version: 1, search: w.search, mapping: w.mapping }, null, 2),
    ),
  };
  for (const f of w.files) entries[`files/${f.name}`] = f.bytes;
  // Exports are often already compressed (xlsx, parquet, gz); level 6 is a fair trade for CSV.
  return zipSync(entries, { level: 6 });
}

export function readWorkspace(bytes: Uint8Array, fileName = 'workspace'): Workspace {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes);
  } catch (e) {
    throw new Error(
      `${fileName}: not a readable zip (${e instanceof Error ? e.message : String(e)})`,
    );
  }
  const manifest = entries[MANIFEST];
  if (!manifest) throw new Error(`${fileName}: no ${MANIFEST} inside, not a Clientele workspace`);
  const meta = JSON.parse(strFromU8(manifest)) as {
    version?: unknown;
    search?: unknown;
    mapping?: unknown;
  };
  if (meta.version !== 1)
    throw new Error(`${fileName}: workspace version ${String(meta.version)} is not supported`);
  const mapping = parseImportMapping(meta.mapping);
  const files = Object.entries(entries)
    .filter(([path]) => path.startsWith('files/') && path.length > 6)
    .map(([path, data]) => ({ name: path.slice(6), bytes: data }));
  for (const m of mapping.files) {
    if (!files.some((f) => f.name === m.file)) {
      throw new Error(`${fileName}: the mapping names ${m.file}, which is not in the workspace`);
    }
  }
  return { files, mapping, search: typeof meta.search === 'string' ? meta.search : '' };
}
