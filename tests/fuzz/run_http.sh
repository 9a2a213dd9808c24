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
. "$root/tests/fuzz/sanitized_build.sh"
configure_sanitized_build "$build"
cmake --build "$build" --target faber_http_request_fuzz -j"$(nproc)"
work="$build/http-corpus"
rm -rf "$work" && mkdir -p "$work" "$build/artifacts"
cp "$root"/tests/fuzz/http_seeds/* "$work/"
exec "$build/tests/fuzz/faber_http_request_fuzz" "$work" -max_total_time="$seconds" -timeout=5 -rss_limit_mb=2048 \
  -max_len=16384 -artifact_prefix="$build/artifacts/" -print_final_stats=1
