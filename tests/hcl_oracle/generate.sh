#!/usr/bin/env bash
# Regenerates the oracle fixtures: HashiCorp's parser (hcl2json via @cdktf/hcl2json) over every .tf
# file of the tf-real corpus and over the broken-file set. Needs node and npm; CI does not run this.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
corpus="$root/../shared/corpus/tf-real"
cd "$here"
[ -d node_modules/@cdktf/hcl2json ] || npm install --no-audit --no-fund >/dev/null
rm -rf expected broken_expected edge_expected
find "$corpus" -name '*.tf' -print0 | sort -z | xargs -0 node oracle.js --generate "$corpus" expected
find edge -name '*.tf' -print0 | sort -z | xargs -0 node oracle.js --generate edge edge_expected
find broken -name '*.tf' -print0 | sort -z | xargs -0 node oracle.js --generate broken broken_expected
echo "fixtures: $(find expected -name '*.json' | wc -l) accepted, $(find expected -name '*.error' | wc -l) rejected"
