/** A result `run` has at hand: shown at once, never marked loading. */
export interface Ready<T> {
  ready: T;
}

/**
 * Reactive wrapper around one async computation: re-runs when the reactive values read inside
 * `run` change, and drops results of superseded runs so a slow old query never overwrites a
 * newer one.
 */
export class QueryState<T> {
  // Raw: a result is replaced whole, never edited, and a deep proxy over tens of thousands of
  // rows made every read of them go through traps (the Pareto view spent seconds in them and in
  // the garbage collector at 1M orders).
  data = $state.raw<T | undefined>(undefined);
  error = $state<unknown>(undefined);
  loading = $state(true);
  private generation = 0;

  constructor(run: () => Promise<T> | Ready<T>) {
    $effect(() => {
      const gen = ++this.generation;
      const now = run();
      if (!(now instanceof Promise)) {
        // Set in this same run: a loading state in between would mark the figures stale for
        // a frame, and the same object again changes nothing on screen.
        this.data = now.ready;
        this.error = undefined;
        this.loading = false;
        return;
      }
      this.loading = true;
      this.error = undefined;
      now.then(
        (value) => {
          if (gen !== this.generation) return;
          this.data = value;
          this.loading = false;
        },
        (err: unknown) => {
          if (gen !== this.generation) return;
          this.error = err;
          this.loading = false;
        },
      );
    });
  }
}
