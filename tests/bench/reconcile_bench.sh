#!/usr/bin/env bash
# Times one reconcile of a small repository, wall and CPU, against a baseline that does the same
# work by hand with git and sh (export the commit, run the same four commands, commit four record
# files on a records branch). Both run here, in the same run, on the same repository; the result
# is reported as the ratio faber / baseline.
#   usage: tests/bench/reconcile_bench.sh [path/to/faber] [runs]
set -euo pipefail
FABER=$(realpath "${1:-build/faber}")
RUNS=${2:-20}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.com GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.com
export FABER_LOG_LEVEL=warn

repo="$work/repo"
mkdir -p "$repo/infra"
cd "$repo"
git init -q -b main
cat > faber.yaml <<'YAML'
version: 1
environments:
  - name: test
    branch: env/test
    directory: infra
    engine: command
    commands: {validate: "sh check.sh", plan: "sh check.sh", apply: "sh apply.sh"}
    tests: {commands: ["sh check.sh"]}
YAML
echo 'test -f main.txt' > infra/check.sh
echo 'cp main.txt "$TMPDIR/deployed.txt"' > infra/apply.sh
for i in $(seq 1 20); do echo "resource $i" > "infra/module$i.txt"; done
echo 0 > infra/main.txt
git add -A && git commit -qm init && git branch env/test
export TMPDIR="$work"

# One measurement: bash's `time` for the child (real, user+sys), in milliseconds.
measure() {
  local TIMEFORMAT='%3R %3U %3S'
  { time "$@" >/dev/null 2>&1; } 2>&1 | awk '{printf "%d %d\n", $1*1000, ($2+$3)*1000}'
}

new_commit() {
  git checkout -q env/test
  echo "$1" > infra/main.txt
  git commit -qam "change $1"
  git checkout -q main
}

baseline() {
  local dir="$work/baseline-run"
  rm -rf "$dir" && mkdir -p "$dir"
  git archive env/test | tar -x -C "$dir"
  (cd "$dir/infra" && sh check.sh && sh check.sh && sh check.sh && sh apply.sh)
  local sha tree parent
  sha=$(git rev-parse env/test)
  export GIT_INDEX_FILE="$work/baseline-index"
  rm -f "$GIT_INDEX_FILE"
  if parent=$(git rev-parse -q --verify refs/heads/baseline/records); then git read-tree "$parent"; fi
  for f in deployments/test.json reports/test/pre.json reports/test/post.json reports/test/history.json; do
    blob=$(printf '{"commit":"%s"}\n' "$sha" | git hash-object -w --stdin)
    git update-index --add --cacheinfo 100644 "$blob" "$f"
  done
  tree=$(git write-tree)
  unset GIT_INDEX_FILE
  commit=$(git commit-tree "$tree" ${parent:+-p "$parent"} -m "baseline: deploy $sha")
  git update-ref refs/heads/baseline/records "$commit" ${parent:+"$parent"}
}

faber_wall=(); faber_cpu=(); base_wall=(); base_cpu=()
"$FABER" reconcile --repo "$repo" --once --data-dir "$work/data" >/dev/null 2>&1  # warm-up
for i in $(seq 1 "$RUNS"); do
  new_commit "$i"
  read -r w c < <(measure "$FABER" reconcile --repo "$repo" --once --data-dir "$work/data")
  faber_wall+=("$w"); faber_cpu+=("$c")
  read -r w c < <(measure baseline)
  base_wall+=("$w"); base_cpu+=("$c")
done

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
fw=$(median "${faber_wall[@]}"); fc=$(median "${faber_cpu[@]}")
bw=$(median "${base_wall[@]}"); bc=$(median "${base_cpu[@]}")
runs=$(git log --oneline faber/records | wc -l)
echo "reconcile of a small repository ($RUNS runs, medians; $runs records commits written)"
printf '  faber reconcile --once : wall %5d ms  cpu %5d ms\n' "$fw" "$fc"
printf '  baseline (git + sh)    : wall %5d ms  cpu %5d ms\n' "$bw" "$bc"
awk -v fw="$fw" -v bw="$bw" -v fc="$fc" -v bc="$bc" \
  'BEGIN {printf "  ratio faber/baseline   : wall %.2fx  cpu %.2fx\n", fw/(bw?bw:1), fc/(bc?bc:1)}'
