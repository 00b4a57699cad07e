#!/usr/bin/env bash
# Everything a fresh machine needs before the tests: exact npm dependencies from the lock file,
# and Debian's Chromium for the real-browser tests (Playwright's own browser download is not
# possible here, so playwright-core drives /usr/bin/chromium).
set -euo pipefail
cd "$(dirname "$0")/.."

npm ci --no-audit --no-fund --loglevel=error

# The app alone (npm start) needs no browser of ours.
[ "${1:-}" = "--app" ] && exit 0

if [ ! -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then
  echo "setup: installing Debian Chromium and CJK fonts for the browser tests"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
fi
