#!/usr/bin/env bash
# Builds the input-parser fuzz targets (faber.yaml, server.yaml, plan JSON, usage files) with
# clang, libFuzzer, AddressSanitizer (leaks included) and UndefinedBehaviorSanitizer in one build
# directory (default build-fuzz, shared with tests/fuzz/run.sh so its libraries are reused), and
# fuzzes each for SECONDS (default 20) from its real seed files.
# Usage: tests/fuzz/run_inputs.sh [SECONDS] [BUILD_DIR]. A crash, hang (>5 s per input), leak or
# an error that does not name its file fails the run; the input is saved under BUILD_DIR/artifacts/.
set -euo pipefail
seconds="${1:-20}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
build="$(realpath -m "${2:-$root/build-fuzz}")"
shared="$root/../shared/corpus"
. "$root/tests/fuzz/sanitized_build.sh"
configure_sanitized_build "$build"
targets=(faber_yaml server_yaml plan_json usage_file)
names=(); for t in "${targets[@]}"; do names+=("faber_${t}_fuzz"); done
cmake --build "$build" -j"$(nproc)" --target "${names[@]}"
mkdir -p "$build/artifacts"
for target in "${targets[@]}"; do
  work="$build/corpus-$target"
  rm -rf "$work" && mkdir -p "$work"
  # The fuzzer mutates a scratch copy; the seeds stay as they are.
  case "$target" in
    faber_yaml) seeds=("$root"/tests/fuzz/seeds-faber-yaml/* "$root/manifests/examples/faber.yaml") ;;
    server_yaml) seeds=("$root"/tests/fuzz/seeds-server-yaml/* "$root/manifests/examples/server.yaml") ;;
    plan_json) mapfile -t seeds < <(find "$shared/tfplan" -name '*.json' | sort) ;;
    usage_file) mapfile -t seeds < <(find "$root/tests/fuzz/seeds-usage" "$shared/infracost-aws" -name '*.yml' | sort) ;;
  esac
  for f in "${seeds[@]}"; do cp "$f" "$work/$(echo "$f" | md5sum | cut -c1-12)"; done
  echo "== $target: ${#seeds[@]} seeds, ${seconds}s"
  "$build/tests/fuzz/faber_${target}_fuzz" "$work" -max_total_time="$seconds" -timeout=5 -rss_limit_mb=2048 \
    -max_len=65536 -artifact_prefix="$build/artifacts/$target-" -print_final_stats=1
done
