#!/usr/bin/env bash
# Browser suite: makes sure headless Chromium is installed (apt, only when missing), then runs
# `npm run test:e2e` (builds backend + frontend, starts both, drives Chromium via playwright-core).
# Uses DATABASE_URL when set (CI's PostgreSQL), else an embedded PGlite. Screenshots, logs and
# metrics land in artifacts/e2e/.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x /usr/bin/chromium ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get -o DPkg::Lock::Timeout=300 update
  apt-get -o DPkg::Lock::Timeout=300 install -y chromium
fi
/usr/bin/chromium --version 2>/dev/null

npm run test:e2e
