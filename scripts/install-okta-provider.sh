#!/usr/bin/env bash
# Builds the pinned okta/okta Terraform provider from its Go module and places it in a Terraform
# filesystem mirror, so the okta tests plan and apply with the real provider.
#
#   scripts/install-okta-provider.sh        prints the mirror root on stdout, progress on stderr
#
# The version and commit come from terraform/okta/provider-build.json (the one place they are
# pinned). The build is cached outside the repository, by version:
#   ${XDG_CACHE_HOME:-$HOME/.cache}/okta-aws-access/okta-provider/<version>/
#     registry.terraform.io/okta/okta/<version>/<os>_<arch>/terraform-provider-okta_v<version>
# OKTA_PROVIDER_MIRROR names another mirror root; one that already holds the binary is used as is.
# A second run finds the binary and does nothing. A locally built binary does not match the
# registry's published hashes: it is never written into terraform/okta/.terraform.lock.hcl (the
# tests keep their own lock in their scratch folders).
#
# Also says plainly when `terraform` or an offline hashicorp/aws mirror is missing; a missing
# terraform is installed into the cache with `go install github.com/hashicorp/terraform@v<pin>`.
# Exit status: 0 installed (or already there), 69 the build is impossible here (reason printed).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
pins=$repo/terraform/okta/provider-build.json
say() { printf 'install-okta-provider: %s\n' "$*" >&2; }
pin() { sed -n "s/^ *\"$1\": *\"\([^\"]*\)\".*/\1/p" "$pins"; }

version=$(pin version)
module=$(pin module)
commit=$(pin commit)
tf_version=$(pin terraform)
[[ -n $version && -n $module && -n $commit && -n $tf_version ]] || { say "cannot read version, module, commit and terraform from $pins"; exit 64; }

cache=${XDG_CACHE_HOME:-$HOME/.cache}/okta-aws-access
case $(uname -m) in x86_64 | amd64) arch=amd64 ;; aarch64 | arm64) arch=arm64 ;; *) arch=$(uname -m) ;; esac
platform=$(uname -s | tr '[:upper:]' '[:lower:]')_$arch
mirror=${OKTA_PROVIDER_MIRROR:-$cache/okta-provider/$version}
target=$mirror/registry.terraform.io/okta/okta/$version/$platform/terraform-provider-okta_v$version

need_go() {
  command -v go >/dev/null 2>&1 && return 0
  say "the Go toolchain (go) is not on PATH: it is needed to build $1 from its module."
  say "install Go >= 1.24 (https://go.dev/doc/install, or Debian's golang-go) and re-run."
  exit 69
}

# go install into a scratch GOBIN; on failure, show what the module proxy or compiler answered.
go_install() {
  local pkg=$1 bin=$2 log
  log=$(mktemp)
  say "go install $pkg (a first build takes minutes and a few GB of Go caches)"
  if ! GOBIN=$bin go install "$pkg" 2>"$log"; then
    say "go install $pkg failed. Go said:"
    grep -v '^go: downloading ' "$log" | tail -n 15 | sed 's/^/    /' >&2
    if grep -q -e '403' -e 'not available' -e 'Forbidden' "$log"; then
      say "the Go module proxy ($(go env GOPROXY)) refuses to serve this module version, so it cannot be built here."
      say "on a machine where it builds, run this script and copy $mirror, or set OKTA_PROVIDER_MIRROR to a mirror holding it."
    fi
    rm -f "$log"
    return 1
  fi
  rm -f "$log"
}

# --- the hashicorp/aws mirror and terraform: reported plainly, terraform installed when missing ----
aws_mirror=""
if [[ -n ${TF_PROVIDER_MIRROR:-} ]]; then
  roots=("$TF_PROVIDER_MIRROR") # named explicitly: only that one counts
else
  roots=(/opt/tf-plugins /usr/share/terraform/plugins "$HOME/.terraform.d/plugins")
fi
for root in "${roots[@]}"; do
  [[ -d $root/registry.terraform.io/hashicorp/aws ]] && { aws_mirror=$root; break; }
done
if [[ -z $aws_mirror ]]; then
  say "no offline hashicorp/aws mirror (looked in: ${roots[*]}):"
  say "terraform init will download hashicorp/aws from registry.terraform.io, which needs network access."
fi
tf=${TERRAFORM_BIN:-terraform}
if ! command -v "$tf" >/dev/null 2>&1; then
  cached_tf=$cache/terraform/$tf_version/terraform
  if [[ -x $cached_tf ]]; then
    say "terraform is not on PATH; using $cached_tf (the tests find it there too)"
  else
    say "terraform is not on PATH (nor at \$TERRAFORM_BIN): installing Terraform $tf_version into $cached_tf"
    need_go "Terraform"
    go_install "github.com/hashicorp/terraform@v$tf_version" "$(dirname "$cached_tf")" || exit 69
    say "installed $cached_tf; the tests find it there, or put its folder on PATH"
  fi
fi

# --- the okta provider ---------------------------------------------------------------------------
if [[ -x $target ]]; then
  say "okta/okta $version already installed: $target"
  printf '%s\n' "$mirror"
  exit 0
fi
need_go "okta/okta $version"
say "building okta/okta $version ($module@$commit) for $platform into $mirror"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go_install "$module@$commit" "$work/bin" || exit 69
mkdir -p "$(dirname "$target")"
install -m 0755 "$work/bin/terraform-provider-okta" "$target.tmp"
mv "$target.tmp" "$target"
say "installed $target"
printf '%s\n' "$mirror"
