import type { EncodingGuess, EncodingName } from './types';

/**
 * Guesses the text encoding of a byte sample: BOM first, then UTF-16 zero-byte patterns, then
 * strict UTF-8 validity, then GBK byte-pair plausibility against the single-byte code pages.
 */
export function detectEncoding(bytes: Uint8Array): EncodingGuess {
  const guess = (
    encoding: EncodingName,
    confidence: number,
    bom: boolean,
    alts: [EncodingName, number][] = [],
  ) => ({
    encoding,
    confidence,
    bom,
    alternatives: alts.map(([e, c]) => ({ encoding: e, confidence: c })),
  });
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return guess('utf-8', 1, true);
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return guess('utf-16le', 1, true);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return guess('utf-16be', 1, true);

  const n = Math.min(bytes.length, 1 << 16);
  let zeroEven = 0;
  let zeroOdd = 0;
  for (let i = 0; i < n; i++) {
    if (bytes[i] !== 0) continue;
    if (i % 2 === 0) zeroEven++;
    else zeroOdd++;
  }
  if (zeroOdd > n / 4 && zeroEven < n / 50)
    return guess('utf-16le', 0.8, false, [['utf-16be', 0.1]]);
  if (zeroEven > n / 4 && zeroOdd < n / 50)
    return guess('utf-16be', 0.8, false, [['utf-16le', 0.1]]);

  const sample = bytes.subarray(0, n);
  let high = 0;
  for (let i = 0; i < n; i++) if ((sample[i] ?? 0) >= 0x80) high++;
  if (high === 0) return guess('utf-8', 1, false);
  if (isValidUtf8(sample)) return guess('utf-8', 0.99, false, [['gb18030', 0.01]]);

  const gbk = gbkScore(sample);
  const single = singleByteGuess(sample);
  if (gbk > 0.8) {
    return guess('gb18030', Math.min(0.95, gbk), false, [[single, Number((1 - gbk).toFixed(2))]]);
  }
  const other: EncodingName = single === 'macintosh' ? 'windows-1252' : 'macintosh';
  return guess(single, 0.7, false, [
    [other, 0.2],
    ['gb18030', Number(gbk.toFixed(2))],
  ]);
}

function isValidUtf8(sample: Uint8Array): boolean {
  try {
    // stream: true tolerates a multi-byte sequence cut at the end of the sample.
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: true });
    return true;
  } catch {
    return false;
  }
}

/** Share of high bytes that sit in GB2312-range pairs (both bytes 0xA1..0xFE) or GBK pairs. */
function gbkScore(b: Uint8Array): number {
  let high = 0;
  let good = 0;
  for (let i = 0; i < b.length; i++) {
    const x = b[i] ?? 0;
    if (x < 0x80) continue;
    const y = b[i + 1];
    if (y === undefined) break;
    high += 2;
    if (x >= 0x81 && x <= 0xfe) {
      if (x >= 0xa1 && y >= 0xa1 && y <= 0xfe) good += 2;
      else if (y >= 0x40 && y <= 0xfe && y !== 0x7f) good += 1;
      i++;
    }
  }
  return high === 0 ? 0 : good / high;
}

/**
 * Mac Roman puts accented letters at 0x80..0x9F, where Windows-1252 has mostly punctuation and
 * Latin-1 has controls; Windows-1252 letters sit at 0xC0..0xFF.
 */
function singleByteGuess(b: Uint8Array): EncodingName {
  let low = 0;
  let upper = 0;
  for (const x of b) {
    if (x >= 0x80 && x <= 0x9f) low++;
    else if (x >= 0xc0) upper++;
  }
  return low > upper ? 'macintosh' : 'windows-1252';
}

/** Decodes a whole buffer (BOM removed). */
export function decodeBytes(bytes: Uint8Array, encoding: EncodingName): string {
  return new TextDecoder(encoding).decode(bytes);
}
