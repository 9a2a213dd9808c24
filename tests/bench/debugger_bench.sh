#!/usr/bin/env bash
# The debugger against an issue log of 100,000 entries on one core: load time and the p50/p99 of
# one diagnosis. usage: tests/bench/debugger_bench.sh [build-dir] [entries]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
build=$(realpath "${1:-$root/build}")
taskset -c 0 "$build/tests/bench/debugger_bench" "${2:-100000}" 2>&1 || "$build/tests/bench/debugger_bench" "${2:-100000}"
