#!/usr/bin/env bash
# Runs a command whose output holds untrusted text (model names, descriptions, policies in a
# Terraform plan or apply) so that a GitHub runner prints it and never executes it: the output
# is fenced with ::stop-commands::<random token> ... ::<token>::, the runner's documented way to
# turn off workflow-command processing. Outside GitHub Actions the command just runs.
#
# usage: quote-output.sh COMMAND [ARGS...]; exits with COMMAND's status.
set -euo pipefail
[[ $# -ge 1 ]] || { echo "usage: quote-output.sh COMMAND [ARGS...]" >&2; exit 64; }
if [[ ${GITHUB_ACTIONS:-} != true ]]; then
  exec "$@"
fi
token=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
echo "::stop-commands::$token"
set +e
"$@"
status=$?
set -e
echo "::$token::"
exit "$status"
