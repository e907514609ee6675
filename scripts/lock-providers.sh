#!/usr/bin/env bash
# Regenerates the committed dependency lock files (terraform/<kind>/.terraform.lock.hcl) after a
# provider version change in terraform/<kind>/versions.tf. Run on a machine that reaches the
# Terraform registry; commit the result. Hashes for Linux CI and maintainers' Macs by default.
#
# usage: scripts/lock-providers.sh [KIND...]              KIND: identity-center, okta (default both)
#        FS_MIRROR=/opt/tf-plugins scripts/lock-providers.sh identity-center   (offline, linux_amd64 only)
set -euo pipefail
cd "$(dirname "$0")/../terraform"
kinds=("$@")
[[ ${#kinds[@]} -gt 0 ]] || kinds=(identity-center okta)
platforms=(-platform=linux_amd64 -platform=linux_arm64 -platform=darwin_amd64 -platform=darwin_arm64)
for kind in "${kinds[@]}"; do
  [[ -f $kind/versions.tf ]] || { echo "no terraform/$kind/versions.tf" >&2; exit 64; }
  if [[ -n ${FS_MIRROR:-} ]]; then
    terraform -chdir="$kind" providers lock "-fs-mirror=$FS_MIRROR" -platform=linux_amd64
  else
    terraform -chdir="$kind" providers lock "${platforms[@]}"
  fi
done
