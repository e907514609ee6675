#!/usr/bin/env bash
# Installs, on first use, what the tests need that `npm ci` does not bring, so `npm ci && npm test`
# is all a fresh machine needs. Idempotent and quick once everything is there (a presence check);
# progress on stderr; a clear message and a non-zero exit when something cannot be installed
# (no root, no network, no apt-get): never a silent skip. Called by the tests' global setup
# (tests/support/test-tools-setup.ts) and by .ci/run.
#   ensure-test-tools.sh [--check]    --check: install nothing, exit 1 naming what is missing
set -euo pipefail

CHECK_ONLY=false
[[ ${1:-} == --check ]] && CHECK_ONLY=true

log() { printf 'ensure-test-tools: %s\n' "$*" >&2; }
fail() {
  log "ERROR: $*"
  exit 1
}

# The candidates tests/report/browser.test.ts tries, in its order; prints the first one there.
CHROMIUM_PATHS=${CHROMIUM_PATHS:-/usr/bin/chromium /usr/bin/google-chrome}
chromium_present() {
  local candidate
  # shellcheck disable=SC2086 # a space-separated list of paths
  for candidate in "${CHROMIUM_BIN:-}" $CHROMIUM_PATHS; do
    if [[ -n $candidate && -x $candidate ]]; then
      printf '%s\n' "$candidate"
      return 0
    fi
  done
  return 1
}

# apt-get as root, or through password-less sudo; nothing else can install a Debian package.
apt_get() {
  if [[ $(id -u) -eq 0 ]]; then
    apt-get "$@"
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo -n apt-get "$@"
  else
    return 126
  fi
}

# install_package PACKAGE PURPOSE HINT PRESENT_FN: apt-get install PACKAGE unless PRESENT_FN succeeds.
install_package() {
  local package=$1 purpose=$2 hint=$3 present=$4
  $CHECK_ONLY && fail "no $package for $purpose: $hint"
  command -v apt-get >/dev/null 2>&1 || fail "no $package for $purpose, and no apt-get to install Debian's package: $hint"
  if [[ $(id -u) -ne 0 ]] && ! { command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; }; then
    fail "no $package for $purpose, and installing Debian's package needs root (not root, no password-less sudo): $hint"
  fi
  # One install at a time (test runs started together): wait for the other, then look again.
  if command -v flock >/dev/null 2>&1; then
    exec 9>"${TMPDIR:-/tmp}/ensure-test-tools.lock"
    flock 9
    "$present" >/dev/null && return 0
  fi
  log "no $package yet: installing Debian's $package for $purpose (first run only)"
  log "apt-get update"
  apt_get -o DPkg::Lock::Timeout=600 update -q >&2 || fail "apt-get update failed (no network, or the package sources are unreachable): $hint"
  log "apt-get install $package"
  DEBIAN_FRONTEND=noninteractive apt_get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends "$package" >&2 ||
    fail "apt-get install $package failed (see above): $hint"
  local found
  found=$("$present") || fail "apt-get installed $package, but it is still not found: $hint"
  log "$package installed: $found"
}

ensure_chromium() {
  chromium_present >/dev/null && return 0
  install_package chromium tests/report/browser.test.ts \
    "install it yourself (sudo apt-get install -y chromium) or set CHROMIUM_BIN to a Chromium or Chrome binary" chromium_present
}

gh_present() { command -v gh; }
ensure_gh() {
  gh_present >/dev/null && return 0
  install_package gh "tests/setup (the repository set-up script drives the GitHub CLI against a local fake)" \
    "install it yourself (sudo apt-get install -y gh)" gh_present
}

ensure_chromium
ensure_gh

