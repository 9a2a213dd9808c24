#!/usr/bin/env bash
# Builds the HCL fuzz target with clang, libFuzzer, AddressSanitizer (leaks included) and
# UndefinedBehaviorSanitizer, and fuzzes it for SECONDS (default 60) from the seed corpus.
# Usage: tests/fuzz/run.sh [SECONDS]. A crash, hang (>5 s per input) or leak fails the run; the
# input that caused it is saved under build-fuzz/artifacts/ (add it to tests/fuzz/seeds/ once fixed).
set -euo pipefail
seconds="${1:-60}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
build="$root/build-fuzz"
. "$root/tests/fuzz/sanitized_build.sh"
configure_sanitized_build "$build"
cmake --build "$build" --target faber_hcl_fuzz -j"$(nproc)"
work="$build/corpus"
rm -rf "$work" && mkdir -p "$work" "$build/artifacts"
# The fuzzer mutates a scratch copy; the committed seeds stay as they are.
for seeds in "$root/tests/fuzz/seeds" "$root/tests/hcl_oracle/edge" "$root/tests/hcl_oracle/broken"; do
  for f in "$seeds"/*; do cp "$f" "$work/$(basename "$seeds")-$(basename "$f")"; done
done
if [ -d "$root/../shared/corpus/tf-real" ]; then
  # Read into an array first: `find | head` would end find with SIGPIPE, which pipefail reports.
  mapfile -t corpus < <(find "$root/../shared/corpus/tf-real" -name '*.tf' -size -64k | sort)
  for f in "${corpus[@]:0:200}"; do cp "$f" "$work/$(echo "$f" | md5sum | cut -c1-12).tf"; done
fi
exec "$build/tests/fuzz/faber_hcl_fuzz" "$work" -max_total_time="$seconds" -timeout=5 -rss_limit_mb=2048 \
  -max_len=65536 -artifact_prefix="$build/artifacts/" -print_final_stats=1
