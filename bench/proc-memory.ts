import { readdirSync, readFileSync } from 'node:fs';

/** Pids of every process descending from `root` (Chromium's renderers descend from this Node). */
export function descendants(root: number): number[] {
  const parent = new Map<number, number>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      // Field 4 (ppid) follows the parenthesised command name, which may contain spaces.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parent.set(Number(d), ppid);
    } catch {
      // Process ended while scanning.
    }
  }
  const out: number[] = [];
  for (const pid of parent.keys()) {
    for (let p = parent.get(pid); p !== undefined && p > 1; p = parent.get(p)) {
      if (p === root) {
        out.push(pid);
        break;
      }
    }
  }
  return out;
}

function status(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(
      readFileSync(`/proc/${pid}/status`, 'utf8'),
    );
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

function isRenderer(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('--type=renderer');
  } catch {
    return false;
  }
}

/** The largest `field` (bytes) over this Node's Chromium renderer processes. */
export function rendererMemory(field: 'VmRSS' | 'VmHWM'): number {
  let max = 0;
  for (const pid of descendants(process.pid))
    if (isRenderer(pid)) max = Math.max(max, status(pid, field));
  return max;
}

/**
 * Samples the resident memory of this Node's Chromium renderer processes (page + its DuckDB
 * worker + wasm memory live there) and keeps the largest single-process peak.
 */
export class RendererMemory {
  private peak = 0;
  private timer: NodeJS.Timeout | undefined;

  start(intervalMs = 100): void {
    this.peak = 0;
    this.timer = setInterval(() => this.sample(), intervalMs);
  }

  sample(): void {
    this.peak = Math.max(this.peak, rendererMemory('VmRSS'), rendererMemory('VmHWM'));
  }

  /** Peak renderer RSS in MiB since start(). */
  stop(): number {
    if (this.timer) clearInterval(this.timer);
    this.sample();
    return Math.round(this.peak / 2 ** 20);
  }
}
