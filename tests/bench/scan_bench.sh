#!/usr/bin/env bash
# `faber scan` against parsing alone, on the same modules, on this machine, in this run: every
# module of the corpus, scanned (evaluation, every rule, compliance gates) and parsed alone
# (`faber validate`: the module and the local modules it calls, the same files the scan reads),
# whole process each; totals of RUNS rounds, median.
#   usage: tests/bench/scan_bench.sh [build-dir] [corpus-dir] [runs]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
build=$(realpath "${1:-$root/build}")
corpus=$(realpath "${2:-$root/../shared/corpus/tf-real}")
runs=${3:-5}
mapfile -t modules < <(find "$corpus" -name '*.tf' -printf '%h\n' | sort -u)
echo "modules: ${#modules[@]} ($corpus)"

# Milliseconds taken by the command, run once per module.
total_ms() {
  local start end
  start=$(date +%s%N)
  for m in "${modules[@]}"; do "$@" "$m" >/dev/null 2>&1 || true; done
  end=$(date +%s%N)
  echo $(((end - start) / 1000000))
}
scan() { "$build/faber" scan "$1" --format json; }
parse() { "$build/faber" validate "$1"; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
s=(); p=()
for _ in $(seq 1 "$runs"); do
  s+=("$(total_ms scan)")
  p+=("$(total_ms parse)")
done
scan_ms=$(printf '%s\n' "${s[@]}" | median)
parse_ms=$(printf '%s\n' "${p[@]}" | median)
echo "scan  ${scan_ms} ms   parse ${parse_ms} ms   (median of $runs rounds over every module)"
awk -v s="$scan_ms" -v p="$parse_ms" 'BEGIN { printf "scan / parse: %.2fx\n", s / (p > 0 ? p : 1) }'
