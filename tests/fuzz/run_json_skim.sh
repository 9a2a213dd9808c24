#!/usr/bin/env bash
# Builds the webhook JSON scanner's differential fuzz target with clang, libFuzzer,
# AddressSanitizer (leaks included) and UndefinedBehaviorSanitizer, and fuzzes it for SECONDS
# (default 60) from the forges' payloads. Usage: tests/fuzz/run_json_skim.sh [SECONDS] [BUILD_DIR]
# (default build-fuzz). A crash, a disagreement with nlohmann, a hang (>5 s per input) or a leak
# fails the run; the input that caused it is saved under BUILD_DIR/artifacts/.
set -euo pipefail
seconds="${1:-60}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
build="$(realpath -m "${2:-$root/build-fuzz}")"
. "$root/tests/fuzz/sanitized_build.sh"
configure_sanitized_build "$build"
cmake --build "$build" --target faber_json_skim_fuzz -j"$(nproc)"
work="$build/json-skim-corpus"
rm -rf "$work" && mkdir -p "$work" "$build/artifacts"
# The fuzzer mutates a scratch copy of the payloads.
mapfile -t payloads < <(find "$root/../shared/corpus/webhooks" -name '*.json' | sort)
for f in "${payloads[@]}"; do cp "$f" "$work/$(echo "$f" | md5sum | cut -c1-12).json"; done
exec "$build/tests/fuzz/faber_json_skim_fuzz" "$work" -max_total_time="$seconds" -timeout=5 -rss_limit_mb=2048 \
  -max_len=65536 -artifact_prefix="$build/artifacts/" -print_final_stats=1
