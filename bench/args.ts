/** Command-line options of `npm run bench`. */

export type SizeName = '100k' | '1m' | '10m';

export const SIZES: Record<SizeName, number> = {
  '100k': 100_000,
  '1m': 1_000_000,
  '10m': 10_000_000,
};

export type Part = 'engines' | 'sample' | 'models' | 'params' | 'browser';
export const PARTS: readonly Part[] = ['engines', 'sample', 'models', 'params', 'browser'];

export interface BenchOptions {
  sizes: SizeName[];
  /** Runs per figure (median reported); 10M uses at most `runs10m`. */
  runs: number;
  runs10m: number;
  /** Repetitions per parameter change (p50/p95). */
  reps: number;
  parts: Part[];
  /** Size the parameter-change, model and browser parts run at (largest selected by default). */
  focus: SizeName;
  /** Write bench/results/latest.{json,md}; off for quick development runs with --no-write. */
  write: boolean;
  /** Skip `vite build` and use the existing build directory. */
  noBuild: boolean;
  /** Merge into the existing latest.json (replace only what this run measured). */
  merge: boolean;
}

const USAGE = `npm run bench -- [options]
  --sizes 100k,1m      data sets (100k, 1m, 10m); default 100k,1m
  --full               all sizes, 10M included (takes many minutes)
  --runs N             runs per figure, median reported (default 3; 10M: at most 1)
  --reps N             repetitions per parameter change (default 20)
  --parts a,b          engines, sample, models, params, browser (default all)
  --focus SIZE         size for models/params/browser (default 1m when selected)
  --no-write           print only, do not overwrite bench/results/latest.*
  --no-build           reuse the last app build instead of running vite build
  --merge              keep figures of latest.json this run does not measure (e.g. add 10M)`;

export function parseArgs(argv: readonly string[]): BenchOptions {
  const o: BenchOptions = {
    sizes: ['100k', '1m'],
    runs: 3,
    runs10m: 1,
    reps: 20,
    parts: [...PARTS],
    focus: '1m',
    write: true,
    noBuild: false,
    merge: false,
  };
  let focusGiven = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    const next = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value\n${USAGE}`);
      return v;
    };
    if (a === '--sizes') o.sizes = list(next(), Object.keys(SIZES), a) as SizeName[];
    else if (a === '--full') o.sizes = ['100k', '1m', '10m'];
    else if (a === '--runs') o.runs = positive(next(), a);
    else if (a === '--reps') o.reps = positive(next(), a);
    else if (a === '--parts') o.parts = list(next(), PARTS, a) as Part[];
    else if (a === '--focus') {
      o.focus = list(next(), Object.keys(SIZES), a)[0] as SizeName;
      focusGiven = true;
    } else if (a === '--no-write') o.write = false;
    else if (a === '--no-build') o.noBuild = true;
    else if (a === '--merge') o.merge = true;
    else if (a === '--help' || a === '-h') {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    } else throw new Error(`unknown option ${a}\n${USAGE}`);
  }
  if (!focusGiven) o.focus = o.sizes.includes('1m') ? '1m' : (o.sizes[o.sizes.length - 1] ?? '1m');
  return o;
}

function list(v: string, allowed: readonly string[], flag: string): string[] {
  const items = v
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  const bad = items.filter((s) => !allowed.includes(s));
  if (items.length === 0 || bad.length > 0) {
    throw new Error(`${flag}: expected some of ${allowed.join(', ')}, got "${v}"`);
  }
  return items;
}

function positive(v: string, flag: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`${flag} must be a positive integer, got "${v}"`);
  return n;
}
