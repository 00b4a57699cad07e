import { vi } from 'vitest';

export interface Download {
  filename: string;
  blob: Blob;
}

/**
 * jsdom has no object URLs and no downloads: this catches the blob behind each object URL and
 * the link the page clicks to download it. Call in beforeEach; vi.restoreAllMocks undoes the
 * click spy.
 */
export function catchDownloads(): Download[] {
  const downloads: Download[] = [];
  const blobs = new Map<string, Blob>();
  URL.createObjectURL = (b: Blob | MediaSource) => {
    const url = `blob:test/${blobs.size}`;
    blobs.set(url, b as Blob);
    return url;
  };
  URL.revokeObjectURL = () => undefined;
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
    this: HTMLAnchorElement,
  ) {
    const blob = blobs.get(this.href);
    if (blob) downloads.push({ filename: this.download, blob });
  });
  return downloads;
}

/** A CSV download's text after the UTF-8 byte order mark the app puts first. */
export async function csvText(d: Download | undefined): Promise<string> {
  if (!d) throw new Error('no download');
  const bytes = new Uint8Array(await d.blob.arrayBuffer());
  if (bytes[0] !== 0xef || bytes[1] !== 0xbb || bytes[2] !== 0xbf) throw new Error('no BOM');
  return new TextDecoder().decode(bytes.slice(3));
}
