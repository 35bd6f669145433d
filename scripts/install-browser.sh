#!/usr/bin/env bash
# Install Debian's chromium for the browser tests (tests/e2e), only when it is missing.
# Playwright drives this system browser; `playwright install` is never used.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
    exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update -q
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q chromium
