#!/usr/bin/env bash
# HCL parsing: faber against HashiCorp's parser (node + @cdktf/hcl2json, tests/hcl_oracle) on the
# same files, on this machine, in this run.
#   1. whole process: `faber hcl2json FILE...` and `node oracle.js FILE...` over every .tf file of
#      the corpus, RUNS times each; median wall time, CPU time and peak memory; the ratio.
#   2. the parser alone on one core, in memory (hcl_parse_bench): MB/s.
#   usage: tests/bench/hcl_bench.sh [build-dir] [corpus-dir] [runs]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
build=$(realpath "${1:-$root/build}")
corpus=$(realpath "${2:-$root/../shared/corpus/tf-real}")
runs=${3:-5}
oracle_dir="$root/tests/hcl_oracle"
[ -d "$oracle_dir/node_modules/@cdktf/hcl2json" ] || (cd "$oracle_dir" && npm install --no-audit --no-fund >/dev/null)
mapfile -t files < <(find "$corpus" -name '*.tf' | sort)
bytes=$(cat "${files[@]}" | wc -c)
echo "corpus: ${#files[@]} files, $bytes bytes ($corpus)"

# Prints "wall_ms cpu_ms max_rss_kb" of one run of the command.
measure() {
  /usr/bin/time -f '%e %U %S %M' -o "$tmp/time" "$@" >/dev/null 2>&1
  awk '{printf "%d %d %d\n", $1*1000, ($2+$3)*1000, $4}' "$tmp/time"
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
: >"$tmp/faber" && : >"$tmp/oracle"
for _ in $(seq 1 "$runs"); do
  measure "$build/faber" hcl2json --compact "${files[@]}" >>"$tmp/faber"
  measure node "$oracle_dir/oracle.js" "${files[@]}" >>"$tmp/oracle"
done
for tool in faber oracle; do
  read -r wall cpu rss < <(paste <(cut -d' ' -f1 "$tmp/$tool" | median) <(cut -d' ' -f2 "$tmp/$tool" | median) \
    <(cut -d' ' -f3 "$tmp/$tool" | median) | tr '\t' ' ')
  printf '%-7s wall %6d ms  cpu %6d ms  peak rss %7d kB\n' "$tool" "$wall" "$cpu" "$rss"
  eval "${tool}_wall=$wall ${tool}_cpu=$cpu"
done
awk -v fw="$faber_wall" -v ow="$oracle_wall" -v fc="$faber_cpu" -v oc="$oracle_cpu" 'BEGIN {
  printf "oracle / faber: wall %.1fx, cpu %.1fx (median of runs)\n", ow / (fw > 0 ? fw : 1), oc / (fc > 0 ? fc : 1) }'
echo "parser alone, one core:"
"$build/tests/bench/hcl_parse_bench" "$corpus" --seconds 3
