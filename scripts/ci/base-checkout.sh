#!/usr/bin/env bash
# What a change is measured against: the model at the base revision and the paths that differ
# between it and HEAD, for `access diff --base OUT_DIR/access-model --changed-files
# OUT_DIR/changed-files.txt`. Run inside the checked-out repository.
#
# usage: base-checkout.sh BASE_REV OUT_DIR
#   BASE_REV  the commit the change starts from: the PR merge commit's first parent, or the
#             previous tip of main (github.event.before) on a push
# Writes OUT_DIR/access-model (absent when the base has no model: the first change) and
# OUT_DIR/changed-files.txt. When BASE_REV is empty, all zeros (a new branch) or not in the
# clone (a force push, a shallow clone), nothing is known about the base: no base model, and
# every tracked file counts as changed, so every stack is planned. It says so on stderr.
set -euo pipefail
[[ $# -eq 2 ]] || { echo "usage: base-checkout.sh BASE_REV OUT_DIR" >&2; exit 64; }
base=$1 out=$2
model=${ACCESS_MODEL_PATH:-access-model}
mkdir -p "$out"
rm -rf "${out:?}/access-model"

if [[ -z $base || $base =~ ^0+$ ]] || ! git cat-file -e "$base^{commit}" 2>/dev/null; then
  echo "base-checkout.sh: base revision '${base}' is unknown here; treating every file as changed and the base as empty" >&2
  git ls-files >"$out/changed-files.txt"
  exit 0
fi

git diff --name-only --no-renames "$base" HEAD >"$out/changed-files.txt"
if git cat-file -e "$base:$model" 2>/dev/null; then
  mkdir -p "$out/access-model"
  git archive --format=tar "$base" "$model" | tar -x -C "$out/access-model" --strip-components=1
fi
echo "base-checkout.sh: $(wc -l <"$out/changed-files.txt" | tr -d ' ') changed paths since $base" >&2
