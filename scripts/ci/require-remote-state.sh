#!/usr/bin/env bash
# Refuses to let CI plan or apply a stack whose state would live on the runner's disk: every run
# would start from empty state and try to create everything again. Set `organization.state` in
# the model (s3 or hcp).
#
# usage: require-remote-state.sh CDK_TF_JSON...
set -euo pipefail
[[ $# -gt 0 ]] || { echo "usage: require-remote-state.sh CDK_TF_JSON..." >&2; exit 64; }
status=0
for file in "$@"; do
  if ! backend=$(jq -r '
      if (.terraform.backend // {} | has("s3")) then "s3"
      elif (.terraform.cloud // null) != null then "hcp"
      elif (.terraform.backend // {} | has("remote")) then "hcp"
      else "local" end' "$file"); then
    echo "::error file=$file::cannot read $file as JSON"
    status=1
    continue
  fi
  if [[ $backend == local ]]; then
    echo "::error file=$file::this stack keeps its Terraform state locally; CI needs shared state. Set organization.state (s3 or hcp) in the access model, see docs/setup.md"
    status=1
  else
    echo "$file: state backend $backend"
  fi
done
exit "$status"
