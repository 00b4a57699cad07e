import { readFileSync, writeFileSync } from 'node:fs';

/** Peak resident set size of this process in MiB since the last reset (Linux VmHWM). */
export function peakRssMiB(): number | null {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : null;
  } catch {
    return null;
  }
}

/** Resets the peak so the next reading covers only what follows (kernel clear_refs "5"). */
export function resetPeakRss(): void {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
  } catch {
    // Not Linux or not permitted: the peak then covers the whole process.
  }
}
