#!/usr/bin/env bash
# `faber serve` under the attacks its HTTP server is hardened against (tests/bench/
# http_attack_bench.cc: slowloris plus kept-alive clients, a 1 GB chunked body, a 160 MB header
# flood), and the baseline server (cpp-httplib as faber used it before) under the same attacks in
# the same run: /healthz latency p50/p99, and each server's RSS before, peak and after.
# usage: tests/bench/http_attack_bench.sh [build-dir] [slowloris] [keep-alive clients] [seconds]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
build=$(realpath "${1:-$root/build}")
slowloris=${2:-70}
keepalive=${3:-200}
seconds=${4:-15}

. "$root/tests/bench/served_repository.sh"
make_served_repository attack-bench-secret

ulimit -n 4096 2>/dev/null || true
echo "$slowloris slowloris connections (a header line every 2 s), $keepalive kept-alive clients (/healthz every 2 s), ${seconds}s, $(nproc) cores"

"$build/tests/bench/webhook_baseline" > "$work/baseline.log" 2>&1 &
pids+=($!)
base_pid=$!
base_port=$(wait_port "$work/baseline.log")
echo "baseline (cpp-httplib, 64 threads):"
"$build/tests/bench/http_attack_bench" "$base_port" "$base_pid" "$slowloris" "$keepalive" "$seconds"
kill "$base_pid" 2>/dev/null || true

"$build/faber" serve --config "$work/server.yaml" > "$work/faber.log" 2>&1 &
pids+=($!)
faber_pid=$!
faber_port=$(wait_port "$work/faber.log")
[ -n "$faber_port" ] || { cat "$work/faber.log" >&2; exit 1; }
sleep 1  # the first reconcile
echo "faber serve:"
"$build/tests/bench/http_attack_bench" "$faber_port" "$faber_pid" "$slowloris" "$keepalive" "$seconds"
