#!/usr/bin/env bash
# Redaction throughput on 10 MB of terraform plan output, the current redactor against the
# previous one in the same run. usage: tests/bench/redaction_bench.sh [build-dir] [megabytes]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
build=$(realpath "${1:-$root/build}")
taskset -c 0 "$build/tests/bench/redaction_bench" "${2:-10}" 3 2>&1 || "$build/tests/bench/redaction_bench" "${2:-10}" 3
