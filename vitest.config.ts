import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export default defineConfig({
  plugins: [svelte()],
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          // Opening DuckDB-WASM and loading fixtures in beforeAll takes seconds, more on a busy
          // 2-core machine (a CI run failed on the 10 s default).
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        resolve: {
          // Svelte's client runtime (mount, effects) is behind the browser condition.
          conditions: ['browser'],
          // ...but DuckDB's browser bundle needs Worker as soon as it loads, which jsdom lacks.
          // Components get Node's engine from the harness; db-browser is only imported.
          alias: [
            { find: /^@duckdb\/duckdb-wasm$/, replacement: require.resolve('@duckdb/duckdb-wasm') },
          ],
        },
        test: {
          name: 'component',
          include: ['test/component/**/*.test.ts'],
          environment: 'jsdom',
          setupFiles: ['test/component/setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
