// The benchmark compares against native DuckDB (@duckdb/node-api). Its platform-specific
// optional packages cannot be recorded in package-lock.json in a way `npm ci` accepts on every
// platform, so it stays out of the lock file and is installed here, only for `npm run bench`.
import { execSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
try {
  require.resolve('@duckdb/node-api');
} catch {
  console.log('bench: installing @duckdb/node-api (native DuckDB, benchmark only)');
  execSync('npm install --no-save --no-audit --no-fund @duckdb/node-api@1.4.3-r.3', {
    stdio: 'inherit',
  });
}
