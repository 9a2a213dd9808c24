#!/usr/bin/env bash
# Times faber's own CPU in one reconcile of a large root module against the CPU of only parsing
# the same HCL. The repository is built in a temporary directory from the real-world corpus
# (../shared/corpus/tf-real from the project root: terraform-aws-modules eks, s3-bucket, vpc):
# two copies of the corpus under infra/copy1 and infra/copy2, and infra/main.tf calling every
# examples/* directory of every module of both copies as a local module. The environment uses
# `engine: command` with commands that do nothing (`true`) and the default tests (security,
# compliance, cost on the HCL), so what is measured is faber's own work: exporting the commit,
# parsing, evaluating, checking, pricing, and writing the run's records.
#
# Measured here, in the same run, on the same files:
#   reconcile     : faber reconcile --repo REPO --env test --once --format json (a new commit on
#                   env/test before each run, so every run runs the pipeline; the JSON result is
#                   checked to say "deployed" with a records commit)
#   hcl2json      : faber hcl2json FILE... in one process, on the files the reconcile parses: the
#                   .tf files of infra and of every directory reached from it through local module
#                   sources ("./..." or "../...", as faber's module loader follows them)
#   hcl2json_all  : the same on every .tf file under infra (wrappers/, tests/ and modules no
#                   example calls included), for reference
# CPU is user+sys of the child and everything it waits for (bash `time`), in milliseconds. Each is
# repeated RUNS times; the medians and the ratio reconcile/hcl2json are printed.
#   usage: tests/bench/pipeline_bench.sh [path/to/faber] [runs]
#   (faber defaults to build/faber under the project root; runs defaults to 5)
# CPU time is noisy on a shared machine (a build next to it inflates it): with
# FABER_BENCH_CALLGRIND=1 one more reconcile and one hcl2json of each set run under valgrind's
# callgrind and their instruction counts (faber's own process only, not the shells it starts) and
# ratios are printed too; those do not depend on the load. That adds about a minute.
# With FABER_BENCH_KEEP=1 the temporary directory is kept and its path printed, e.g. to profile
# one reconcile of the repository by hand (commit on env/test first, and pass the same --data-dir).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
FABER=$(realpath "${1:-$root/build/faber}")
RUNS=${2:-5}
corpus="$root/../shared/corpus/tf-real"
[[ -x "$FABER" ]] || { echo "pipeline_bench: no faber binary at $FABER" >&2; exit 2; }
[[ -d "$corpus" ]] || { echo "pipeline_bench: no corpus at $corpus" >&2; exit 2; }
[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || { echo "pipeline_bench: runs must be a positive integer" >&2; exit 2; }
command -v jq >/dev/null || { echo "pipeline_bench: needs jq" >&2; exit 2; }
corpus=$(realpath "$corpus")

work=$(mktemp -d)
if [[ "${FABER_BENCH_KEEP:-0}" == 1 ]]; then
  echo "keeping $work (repository $work/repo, data directory $work/data)" >&2
else
  trap 'rm -rf "$work"' EXIT
fi
export GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.com GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.com
export FABER_LOG_LEVEL=warn
export TMPDIR="$work"

# --- the repository ---------------------------------------------------------------------------
repo="$work/repo"
mkdir -p "$repo/infra"
cd "$repo"
git init -q -b main
{
  echo "# Every example of every module of both copies of the corpus, as local modules."
  for copy in copy1 copy2; do
    cp -R "$corpus" "infra/$copy"
    for example in "infra/$copy"/*/examples/*/; do
      example=${example%/}
      rel=${example#infra/}                                            # copy1/terraform-aws-vpc/examples/simple
      module_repo=${rel#"$copy"/}; module_repo=${module_repo%%/*}      # terraform-aws-vpc
      name="${copy}_${module_repo#terraform-aws-}_$(basename "$example")"
      printf '\nmodule "%s" {\n  source = "./%s"\n}\n' "${name//-/_}" "$rel"
    done
  done
} > infra/main.tf
cat > faber.yaml <<'YAML'
version: 1
environments:
  - name: test
    branch: env/test
    directory: infra
    engine: command
    commands: {validate: "true", plan: "true", apply: "true"}
YAML
git add -A && git commit -qm init && git branch env/test

is_config() { grep -E '\.tf(\.json)?$' || true; }
files_total=$(git ls-files | wc -l)
files_infra=$(git ls-files infra | wc -l)
module_calls=$(grep -c '^module "' infra/main.tf)
mapfile -t all_tf < <(git ls-files infra | is_config | sed "s|^|$repo/|")

# The directories the module loader reaches: infra, then every literal local module source of a
# reached directory, normalized lexically (no symlinks), breadth first.
declare -A reached=()
queue=("$repo/infra")
while ((${#queue[@]})); do
  dir=${queue[0]}; queue=("${queue[@]:1}")
  [[ -n "${reached[$dir]:-}" ]] && continue
  reached[$dir]=1
  mapfile -t here < <(find "$dir" -maxdepth 1 -type f | is_config | sort)
  ((${#here[@]})) || continue
  [[ ${#here[@]} -eq 1 ]] && filter='.' || filter='.[]'
  while read -r src; do
    case "$src" in ./* | ../*) queue+=("$(realpath -m -s "$dir/$src")") ;; esac
  done < <("$FABER" hcl2json --compact "${here[@]}" | jq -r "$filter"' | .module // {} | .[] | .[] | .source // empty | strings')
done
parsed_tf=()
for dir in "${!reached[@]}"; do
  mapfile -t -O "${#parsed_tf[@]}" parsed_tf < <(find "$dir" -maxdepth 1 -type f | is_config)
done
mapfile -t parsed_tf < <(printf '%s\n' "${parsed_tf[@]}" | sort)

bytes() { cat "$@" | wc -c; }
echo "repository: $files_total files committed ($files_infra under infra, ${#all_tf[@]} .tf files, $(bytes "${all_tf[@]}") bytes)"
echo "root module infra/main.tf: $module_calls module calls"
echo "module directories reached from infra: ${#reached[@]}, holding ${#parsed_tf[@]} .tf files ($(bytes "${parsed_tf[@]}") bytes)"

# --- measuring --------------------------------------------------------------------------------
# One measurement: CPU (user+sys) of the command in milliseconds, on stdout; its user part alone
# goes to $work/user. The command's stdout goes to $work/out, its stderr to $work/err, its exit
# code to $work/rc.
measure() {
  local TIMEFORMAT='%3U %3S' rc=0
  { time "$@" >"$work/out" 2>"$work/err"; } 2>"$work/time" || rc=$?
  echo "$rc" > "$work/rc"
  awk '{printf "%d\n", $1*1000}' "$work/time" > "$work/user"
  awk '{printf "%d\n", ($1+$2)*1000}' "$work/time"
}

# A new commit on env/test with the same tree, so the reconcile is not a noop.
new_commit() {
  local c
  c=$(git commit-tree "env/test^{tree}" -p env/test -m "run $1")
  git update-ref refs/heads/env/test "$c"
}

# The reconcile must have run the pipeline and written its records (exit 1 is a run whose tests
# failed: still a full run); anything else stops the benchmark. Prints the run's status.
check_reconcile() {
  local rc action records
  rc=$(cat "$work/rc")
  action=$(jq -r '.environments[0].action // "none"' "$work/out" 2>/dev/null || echo unparsable)
  records=$(jq -r '.environments[0].records_commit // ""' "$work/out" 2>/dev/null || true)
  if [[ "$action" != deployed || -z "$records" || ( "$rc" != 0 && "$rc" != 1 ) ]]; then
    echo "pipeline_bench: reconcile did not run the pipeline (exit $rc, action $action)" >&2
    head -c 4000 "$work/out" >&2; head -c 4000 "$work/err" >&2
    exit 1
  fi
  jq -r '.environments[0].status // ""' "$work/out"
}

# hcl2json must have converted every file it was given.
check_hcl2json() {
  local rc converted
  rc=$(cat "$work/rc")
  if [[ "$rc" != 0 ]]; then
    echo "pipeline_bench: hcl2json failed (exit $rc)" >&2
    head -c 4000 "$work/err" >&2
    exit 1
  fi
  converted=$(jq 'length' "$work/out")
  if [[ "$converted" != "$1" ]]; then
    echo "pipeline_bench: hcl2json converted $converted files, expected $1" >&2
    exit 1
  fi
}

reconcile=("$FABER" reconcile --repo "$repo" --env test --once --format json --data-dir "$work/data")

# Warm-up (first read of the repository into the data directory, page cache), not counted.
measure "${reconcile[@]}" >/dev/null
first_status=$(check_reconcile)
measure "$FABER" hcl2json --compact "${all_tf[@]}" >/dev/null
check_hcl2json "${#all_tf[@]}"

rec_cpu=(); hcl_cpu=(); all_cpu=(); rec_user=(); hcl_user=()
for i in $(seq 1 "$RUNS"); do
  new_commit "$i"
  rec_cpu+=("$(measure "${reconcile[@]}")")
  rec_user+=("$(cat "$work/user")")
  status=$(check_reconcile)
  hcl_cpu+=("$(measure "$FABER" hcl2json --compact "${parsed_tf[@]}")")
  hcl_user+=("$(cat "$work/user")")
  check_hcl2json "${#parsed_tf[@]}"
  all_cpu+=("$(measure "$FABER" hcl2json --compact "${all_tf[@]}")")
  check_hcl2json "${#all_tf[@]}"
done

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
rc_med=$(median "${rec_cpu[@]}")
hc_med=$(median "${hcl_cpu[@]}")
all_med=$(median "${all_cpu[@]}")
records=$(git rev-list --count faber/records)
echo "runs: $RUNS (medians); run status: $status (warm-up: $first_status); records commits: $records"
echo "  reconcile     cpu ms: ${rec_cpu[*]}"
echo "  hcl2json      cpu ms: ${hcl_cpu[*]}  (${#parsed_tf[@]} files the reconcile parses)"
echo "  hcl2json_all  cpu ms: ${all_cpu[*]}  (${#all_tf[@]} files, every .tf under infra)"
printf '%-18s %-18s %-8s %-20s %s\n' reconcile_cpu_ms hcl2json_cpu_ms ratio hcl2json_all_cpu_ms ratio_all
awk -v r="$rc_med" -v h="$hc_med" -v a="$all_med" \
  'BEGIN {printf "%-18d %-18d %-8s %-20d %s\n", r, h, sprintf("%.2fx", r/(h?h:1)), a, sprintf("%.2fx", r/(a?a:1))}'
# The user part alone: the reconcile's system time is mostly the kernel writing the checkout (one
# file per tracked file), which hcl2json does not do and which varies with the file system.
ru_med=$(median "${rec_user[@]}")
hu_med=$(median "${hcl_user[@]}")
printf '%-18s %-18s %s\n' reconcile_user_ms hcl2json_user_ms ratio_user
awk -v r="$ru_med" -v h="$hu_med" 'BEGIN {printf "%-18d %-18d %s\n", r, h, sprintf("%.2fx", r/(h?h:1))}'

# --- instruction counts (optional) -------------------------------------------------------------
if [[ "${FABER_BENCH_CALLGRIND:-0}" == 1 ]]; then
  command -v valgrind >/dev/null || { echo "pipeline_bench: FABER_BENCH_CALLGRIND=1 needs valgrind" >&2; exit 2; }
  # Instructions executed by the command under callgrind, on stdout; its output as in measure().
  instructions() {
    local rc=0
    valgrind --tool=callgrind --callgrind-out-file="$work/callgrind.out" --log-file="$work/valgrind.log" \
      "$@" >"$work/out" 2>"$work/err" || rc=$?
    echo "$rc" > "$work/rc"
    sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$work/valgrind.log"
  }
  new_commit callgrind
  rec_ir=$(instructions "${reconcile[@]}")
  check_reconcile >/dev/null
  hcl_ir=$(instructions "$FABER" hcl2json --compact "${parsed_tf[@]}")
  check_hcl2json "${#parsed_tf[@]}"
  all_ir=$(instructions "$FABER" hcl2json --compact "${all_tf[@]}")
  check_hcl2json "${#all_tf[@]}"
  echo "instructions (callgrind, one run each):"
  printf '%-18s %-18s %-8s %-20s %s\n' reconcile_Minstr hcl2json_Minstr ratio hcl2json_all_Minstr ratio_all
  awk -v r="$rec_ir" -v h="$hcl_ir" -v a="$all_ir" 'BEGIN {printf "%-18d %-18d %-8s %-20d %s\n",
    r/1e6, h/1e6, sprintf("%.2fx", r/(h?h:1)), a/1e6, sprintf("%.2fx", r/(a?a:1))}'
fi
