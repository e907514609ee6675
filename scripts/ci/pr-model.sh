#!/usr/bin/env bash
# A pull request's access model as data, for plan-model.yml, which runs the base branch's code.
# Nothing of the pull request is checked out or run: its head is merged onto the checked-out base
# in memory (git merge-tree, the tree GitHub's merge commit would have), and only access-model/
# is copied out of that tree blob by blob (git cat-file: no .gitattributes filter applies). A
# symbolic link whose target leaves the folder is refused; the model loader also refuses them.
#
# usage: pr-model.sh HEAD_SHA OUT_DIR
#   HEAD_SHA  the pull request's head commit, already fetched into this clone (with enough
#             history for a merge base)
# Writes OUT_DIR/access-model (absent when the merged tree has no model) and
# OUT_DIR/changed-files.txt (paths that differ between HEAD, the base, and the merged tree).
# Exit 1 when the pull request does not merge cleanly or its model has a link that leaves it.
set -euo pipefail
[[ $# -eq 2 ]] || { echo "usage: pr-model.sh HEAD_SHA OUT_DIR" >&2; exit 64; }
head=$1 out=$2
model=${ACCESS_MODEL_PATH:-access-model}

[[ $head =~ ^[0-9a-f]{40}$ ]] || { echo "pr-model.sh: HEAD_SHA must be a full commit SHA (got '$head')" >&2; exit 64; }
git cat-file -e "$head^{commit}" 2>/dev/null || { echo "pr-model.sh: commit $head is not in this clone; fetch it first" >&2; exit 1; }

if ! merged=$(git merge-tree --write-tree --no-messages HEAD "$head"); then
  echo "::error::The pull request does not merge cleanly into the base branch: resolve the conflicts to get plans."
  exit 1
fi
tree=$(head -n 1 <<<"$merged")

mkdir -p "$out"
rm -rf "${out:?}/$model"
git diff --name-only --no-renames HEAD "$tree" >"$out/changed-files.txt"
if ! git cat-file -e "$tree:$model" 2>/dev/null; then
  echo "pr-model.sh: the merged tree has no $model/" >&2
  exit 0
fi
if [[ $(git cat-file -t "$tree:$model") != tree ]]; then
  echo "::error::$model is not a folder in the pull request (a link or a submodule); refusing to read it."
  exit 1
fi

dest="$out/$model"
mkdir -p "$dest"
links=()
while IFS= read -r -d '' entry; do
  meta=${entry%%$'\t'*} path=${entry#*$'\t'}
  read -r mode type oid <<<"$meta"
  rel=${path#"$model"/}
  case "/$rel/" in */../* | */./* | *//*) echo "::error::$path: refusing a path with . or .. components" >&2; exit 1 ;; esac
  case $mode in
    100644 | 100755)
      mkdir -p "$dest/$(dirname "$rel")"
      git cat-file blob "$oid" >"$dest/$rel"
      ;;
    120000) links+=("$rel" "$oid") ;;
    *) echo "pr-model.sh: skipping $path ($type, mode $mode)" >&2 ;;
  esac
done < <(git ls-tree -r -z "$tree" -- "$model/")

# Links last, so no file is ever written through one.
root=$(realpath "$dest")
bad=0
for ((i = 0; i < ${#links[@]}; i += 2)); do
  rel=${links[i]}
  mkdir -p "$dest/$(dirname "$rel")"
  ln -s -- "$(git cat-file blob "${links[i + 1]}")" "$dest/$rel"
done
for ((i = 0; i < ${#links[@]}; i += 2)); do
  rel=${links[i]}
  real=$(realpath -m -- "$dest/$rel" 2>/dev/null) || real=""
  if [[ -z $real || ($real != "$root" && $real != "$root"/*) ]]; then
    echo "::error file=$model/$rel::$model/$rel is a symbolic link that leaves $model/ (or loops); the model must not link outside its folder."
    bad=1
  fi
done
if [[ $bad -ne 0 ]]; then
  rm -rf "${dest:?}"
  exit 1
fi
echo "pr-model.sh: $model/ of $head merged onto $(git rev-parse HEAD); $(wc -l <"$out/changed-files.txt" | tr -d ' ') changed paths" >&2
