# Sourced by the benchmarks that run `faber serve`: a scratch directory cleaned up on exit, a
# repository it serves (one command-engine environment, each push a no-op after the first
# deploy), its webhook secret and server.yaml, and a wait for the port the server chose.

work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

# Writes $work/repo, $work/secret (holding $1) and $work/server.yaml (listening on any port).
make_served_repository() {
  local secret=$1
  git init -q -b main "$work/repo"
  cat > "$work/repo/faber.yaml" <<'YAML'
version: 1
environments:
  - name: test
    branch: env/test
    engine: command
    commands: {apply: "true"}
YAML
  git -C "$work/repo" add faber.yaml
  git -C "$work/repo" -c user.name=bench -c user.email=bench@example.com commit -q -m init
  git -C "$work/repo" branch env/test
  printf '%s\n' "$secret" > "$work/secret"
  cat > "$work/server.yaml" <<YAML
listen: 127.0.0.1:0
data_dir: $work/data
poll_interval: 600s
repositories:
  - url: $work/repo
    webhook_secret_file: $work/secret
    forge: {kind: github, repository: acme/infra}
YAML
}

wait_port() {  # file -> port from "listening on 127.0.0.1:N"
  local port=""
  for _ in $(seq 1 200); do
    port=$(grep -o 'listening on 127\.0\.0\.1:[0-9]*' "$1" 2>/dev/null | head -n1 | sed 's/.*://' || true)
    [ -n "$port" ] && break
    sleep 0.05
  done
  echo "$port"
}
