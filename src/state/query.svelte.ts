/**
 * Reactive wrapper around one async computation: re-runs when the reactive values read inside
 * `run` change, and drops results of superseded runs so a slow old query never overwrites a
 * newer one.
 */
export class QueryState<T> {
  data = $state<T | undefined>(undefined);
  error = $state<unknown>(undefined);
  loading = $state(true);
  private generation = 0;

  constructor(run: () => Promise<T>) {
    $effect(() => {
      const gen = ++this.generation;
      this.loading = true;
      this.error = undefined;
      run().then(
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
