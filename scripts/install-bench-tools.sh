#!/usr/bin/env bash
# wrk, the HTTP load generator of bench/respond_bench.py (Debian package; C, so it takes little
# of the CPU that the server under test needs), and valgrind, which counts instructions for
# bench/respond_instructions.py.
set -euo pipefail
command -v wrk >/dev/null 2>&1 && command -v valgrind >/dev/null 2>&1 && exit 0
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends wrk valgrind
else
  echo "please install wrk and valgrind (apt-get install wrk valgrind)" >&2
  exit 1
fi
