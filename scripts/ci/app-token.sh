#!/usr/bin/env bash
# Mints a short-lived installation token of the accounts GitHub App for this repository, with
# contents: write only, and prints it (masked in the log). The App is the one identity the main
# ruleset lets bypass the pull-request rule (docs/onboarding-and-elevation.md).
#
# usage: app-token.sh
# env:   APP_ID, APP_PRIVATE_KEY (PEM), GH_REPO (owner/name); GITHUB_API_URL (default https://api.github.com)
set -euo pipefail
: "${APP_ID:?APP_ID (vars.ACCOUNTS_APP_ID) is not set}"
: "${APP_PRIVATE_KEY:?APP_PRIVATE_KEY (secrets.ACCOUNTS_APP_PRIVATE_KEY) is not set}"
: "${GH_REPO:?GH_REPO must name the repository as owner/name}"
api=${GITHUB_API_URL:-https://api.github.com}

b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
now=$(date +%s)
header=$(printf '{"alg":"RS256","typ":"JWT"}' | b64url)
payload=$(printf '{"iat":%d,"exp":%d,"iss":"%s"}' $((now - 60)) $((now + 540)) "$APP_ID" | b64url)
key=$(mktemp)
trap 'rm -f "$key"' EXIT
printf '%s\n' "$APP_PRIVATE_KEY" >"$key"
signature=$(printf '%s.%s' "$header" "$payload" | openssl dgst -sha256 -sign "$key" | b64url)
jwt="$header.$payload.$signature"

call() { curl -fsS -H "Authorization: Bearer $jwt" -H "Accept: application/vnd.github+json" -H "X-GitHub-Api-Version: 2022-11-28" "$@"; }
installation=$(call "$api/repos/$GH_REPO/installation" | jq -r '.id')
[[ $installation =~ ^[0-9]+$ ]] || { echo "app-token.sh: the App is not installed on $GH_REPO" >&2; exit 1; }
token=$(call -X POST "$api/app/installations/$installation/access_tokens" \
  -d "{\"repositories\":[\"${GH_REPO#*/}\"],\"permissions\":{\"contents\":\"write\"}}" | jq -r '.token')
[[ -n $token && $token != null ]] || { echo "app-token.sh: no token returned" >&2; exit 1; }
if [[ -n ${GITHUB_ACTIONS:-} ]]; then echo "::add-mask::$token"; fi
printf '%s\n' "$token"
