#!/usr/bin/env bash
# The webhook endpoint of `faber serve` under load from wrk on loopback: signed 25 KB GitHub push
# deliveries (each with its own delivery id, so none is dropped as a replay), bounded in time.
# Prints requests/s, p99 latency and the server's memory before and after, for faber and for a
# baseline in the same run (the same HTTP library answering 202 without checking anything).
# usage: tests/bench/webhook_bench.sh [build-dir] [seconds] [connections]
# (WEBHOOK_BENCH_THREADS=1 also prints the CPU time of each faber thread)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
build=$(realpath "${1:-$root/build}")
seconds=${2:-10}
connections=${3:-32}
command -v wrk >/dev/null || { echo "wrk is needed (apt-get install wrk)" >&2; exit 2; }
command -v openssl >/dev/null || { echo "openssl is needed" >&2; exit 2; }

. "$root/tests/bench/served_repository.sh"
secret="bench-secret-$(date +%s)"
make_served_repository "$secret"

# GitHub's push example, padded to 25 KB, to env/test of acme/infra.
payload="$root/../shared/corpus/webhooks/github/push.with-new-branch.payload.json"
padding=$(head -c 16000 /dev/zero | tr '\0' 'x')
body=$(sed -e 's|"full_name": *"[^"]*"|"full_name": "acme/infra"|' -e 's|"ref": *"[^"]*"|"ref": "refs/heads/env/test"|' "$payload")
body="{\"padding\": \"$padding\", ${body#*\{}"
printf '%s' "$body" > "$work/body.json"
size=$(wc -c < "$work/body.json")
while [ "$size" -lt 25600 ]; do
  body="{\"padding2\": \"$(head -c $((25600 - size)) /dev/zero | tr '\0' 'y')\", ${body#*\{}"
  printf '%s' "$body" > "$work/body.json"
  size=$(wc -c < "$work/body.json")
done
signature=$(openssl dgst -sha256 -hmac "$secret" -hex < "$work/body.json" | sed 's/^.*= //')

cat > "$work/load.lua" <<LUA
local f = io.open("$work/body.json", "rb")
local body = f:read("*a")
f:close()
local n = 0
thread_id = 0
local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("thread_id", counter)
end
request = function()
  n = n + 1
  return wrk.format("POST", "/webhooks/github", {
    ["Content-Type"] = "application/json",
    ["X-GitHub-Event"] = "push",
    ["X-GitHub-Delivery"] = "bench-" .. thread_id .. "-" .. n,
    ["X-Hub-Signature-256"] = "sha256=$signature",
  }, body)
end
local statuses = {}
response = function(status)
  statuses[status] = (statuses[status] or 0) + 1
end
LUA

rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }

# Runs wrk against $1 (port) for the server of pid $2; prints "rps p99_ms rss_before rss_after".
load() {
  local port=$1 pid=$2
  local before after out rps p99
  before=$(rss_kb "$pid")
  out=$(wrk -t2 -c"$connections" -d"${seconds}s" --latency -s "$work/load.lua" "http://127.0.0.1:$port")
  after=$(rss_kb "$pid")
  echo "$out" >> "$work/wrk.log"
  [ -n "${WEBHOOK_BENCH_THREADS:-}" ] && echo "$out" | grep -A4 "Latency Distribution" >&2
  rps=$(echo "$out" | awk '/^Requests\/sec/ {print $2}')
  p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
  local non2xx
  non2xx=$(echo "$out" | awk '/Non-2xx/ {print $NF}')
  echo "$rps $p99 $before $after ${non2xx:-0}"
}

"$build/tests/bench/webhook_baseline" > "$work/baseline.log" 2>&1 &
pids+=($!)
base_pid=$!
base_port=$(wait_port "$work/baseline.log")

"$build/faber" serve --config "$work/server.yaml" > "$work/faber.log" 2>&1 &
pids+=($!)
faber_pid=$!
faber_port=$(wait_port "$work/faber.log")
[ -n "$faber_port" ] || { cat "$work/faber.log" >&2; exit 1; }
sleep 1  # the first reconcile

# Warm both up, then measure.
wrk -t1 -c4 -d1s -s "$work/load.lua" "http://127.0.0.1:$base_port" > /dev/null
wrk -t1 -c4 -d1s -s "$work/load.lua" "http://127.0.0.1:$faber_port" > /dev/null
read -r b_rps b_p99 b_before b_after b_non2xx < <(load "$base_port" "$base_pid")
read -r f_rps f_p99 f_before f_after f_non2xx < <(load "$faber_port" "$faber_pid")
f_after_idle=$(sleep 2; rss_kb "$faber_pid")
[ -n "${WEBHOOK_BENCH_THREADS:-}" ] && ps -L -o tid,pcpu,time -p "$faber_pid" >&2

echo "payload: $size bytes, signed; ${seconds}s per server, $connections connections, wrk -t2, $(nproc) cores"
printf '%-10s %12s %10s %14s %14s %8s\n' server "requests/s" p99 "RSS before" "RSS after" non-2xx
printf '%-10s %12s %10s %11s KB %11s KB %8s\n' baseline "$b_rps" "$b_p99" "$b_before" "$b_after" "$b_non2xx"
printf '%-10s %12s %10s %11s KB %11s KB %8s\n' faber "$f_rps" "$f_p99" "$f_before" "$f_after" "$f_non2xx"
echo "faber RSS 2 s after the load: $f_after_idle KB"
awk -v f="$f_rps" -v b="$b_rps" 'BEGIN { printf "faber / baseline requests/s: %.2f\n", f / b }'
