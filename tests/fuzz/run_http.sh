#!/usr/bin/env bash
# Builds the HTTP request reader's fuzz target with clang, libFuzzer, AddressSanitizer (leaks
# included) and UndefinedBehaviorSanitizer, and fuzzes it for SECONDS (default 60) from its seeds.
# Usage: tests/fuzz/run_http.sh [SECONDS] [BUILD_DIR] (default build-fuzz; CI reuses the webhook
# JSON scanner's directory, which already holds the webhooks library). A crash, a limit broken, a
# result that depends on how the bytes were split, a hang (>5 s per input) or a leak fails the
# run; the input that caused it is saved under BUILD_DIR/artifacts/.
set -euo pipefail
seconds="${1:-60}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
build="$(realpath -m "${2:-$root/build-fuzz}")"
sanitizers="-fsanitize=address,undefined,fuzzer-no-link -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
CC=clang CXX=clang++ cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DFABER_FUZZ=ON \
  -DFABER_BUILD_TESTS=ON -DCMAKE_CXX_FLAGS="$sanitizers" -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" >/dev/null
cmake --build "$build" --target faber_http_request_fuzz -j"$(nproc)"
work="$build/http-corpus"
rm -rf "$work" && mkdir -p "$work" "$build/artifacts"
cp "$root"/tests/fuzz/http_seeds/* "$work/"
export ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1
export UBSAN_OPTIONS=print_stacktrace=1
exec "$build/tests/fuzz/faber_http_request_fuzz" "$work" -max_total_time="$seconds" -timeout=5 -rss_limit_mb=2048 \
  -max_len=16384 -artifact_prefix="$build/artifacts/" -print_final_stats=1
