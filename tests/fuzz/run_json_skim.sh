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
sanitizers="-fsanitize=address,undefined,fuzzer-no-link -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
CC=clang CXX=clang++ cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DFABER_FUZZ=ON \
  -DFABER_BUILD_TESTS=ON -DCMAKE_CXX_FLAGS="$sanitizers" -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" >/dev/null
cmake --build "$build" --target faber_json_skim_fuzz -j"$(nproc)"
work="$build/json-skim-corpus"
rm -rf "$work" && mkdir -p "$work" "$build/artifacts"
# The fuzzer mutates a scratch copy of the payloads.
mapfile -t payloads < <(find "$root/../shared/corpus/webhooks" -name '*.json' | sort)
for f in "${payloads[@]}"; do cp "$f" "$work/$(echo "$f" | md5sum | cut -c1-12).json"; done
export ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1
export UBSAN_OPTIONS=print_stacktrace=1
exec "$build/tests/fuzz/faber_json_skim_fuzz" "$work" -max_total_time="$seconds" -timeout=5 -rss_limit_mb=2048 \
  -max_len=65536 -artifact_prefix="$build/artifacts/" -print_final_stats=1
