#!/usr/bin/env bash
# Peak memory of `faber reconcile` previewing and deploying a plan of about 50 MB through the
# stand-in terraform (tests/support/fake_terraform). usage: tests/bench/large_plan_rss.sh [build-dir] [changes]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
build=$(realpath "${1:-$root/build}")
changes="${2:-20000}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/fake" "$work/repo/infra"
python3 - "$changes" "$work/fake/state.json" > "$work/fake/plan.json" <<'PY'
import json, sys
n = int(sys.argv[1])
changes, planned = [], []
for i in range(n):
    action = "create" if i % 10 < 7 else "update" if i % 10 < 9 else "delete"
    values = {"ami": "ami-0c55b159cbfafe1f0", "instance_type": "t3.micro", "tags": {"Name": f"node-{i}"},
              "user_data_base64": ("QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo" * 64)[: 1200 + i % 7]}
    after = None if action == "delete" else dict(values, instance_type="t3.small" if action == "update" else "t3.micro")
    changes.append({"address": f"aws_instance.node_{i}", "mode": "managed", "type": "aws_instance", "name": f"node_{i}",
                    "provider_name": "registry.terraform.io/hashicorp/aws",
                    "change": {"actions": [action], "before": None if action == "create" else values, "after": after,
                               "after_unknown": {}, "before_sensitive": {}, "after_sensitive": {}}})
    if after:
        planned.append({"address": f"aws_instance.node_{i}", "mode": "managed", "type": "aws_instance",
                        "name": f"node_{i}", "values": after, "sensitive_values": {}})
json.dump({"format_version": "1.0", "values": {"root_module": {"resources": planned}}},
          open(sys.argv[2], "w"))
json.dump({"format_version": "1.2", "terraform_version": "1.5.7", "resource_changes": changes,
           "planned_values": {"root_module": {"resources": planned}}, "configuration": {"root_module": {}}},
          sys.stdout)
PY
cat > "$work/repo/faber.yaml" <<YAML
version: 1
environments:
  - name: test
    branch: env/test
    directory: infra
    engine: terraform
    pass_env: [FAKE_TF_DIR]
    terraform: {binary: $root/tests/support/fake_terraform/terraform}
    tests: {block_on: [CRITICAL]}
YAML
echo 'resource "null_resource" "noop" {}' > "$work/repo/infra/main.tf"
git -C "$work/repo" init -q -b main && git -C "$work/repo" add -A &&
  git -C "$work/repo" -c user.name=bench -c user.email=bench@example.com commit -qm infra && git -C "$work/repo" branch env/test
echo "plan: $(du -m "$work/fake/plan.json" | cut -f1) MB, $changes changes"
FAKE_TF_DIR="$work/fake" /usr/bin/time -v "$build/faber" reconcile --repo "$work/repo" --once --env test \
  >"$work/out" 2>"$work/err" || true
tail -n 1 "$work/out"
grep -E "Maximum resident set size|Elapsed \(wall clock\)" "$work/err"
