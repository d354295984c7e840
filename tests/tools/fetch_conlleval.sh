#!/usr/bin/env bash
# Fetch the official conlleval.pl (2004-01-26) for the parity tests, from the
# package registry: the seqeval 1.2.2 source distribution on PyPI ships it as
# tests/conlleval.pl. It is extracted into .venv/conlleval/ (untracked), never
# committed. Usage: tests/tools/fetch_conlleval.sh [PYTHON]
set -euo pipefail
cd "$(dirname "$0")/../.."
py="${1:-.venv/bin/python}"
dest=.venv/conlleval
[ -s "$dest/conlleval.pl" ] && exit 0
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
if "$py" -m pip download --quiet --no-deps --no-binary :all: seqeval==1.2.2 -d "$tmp" >/dev/null 2>&1; then
  mkdir -p "$dest"
  tar -xzf "$tmp"/seqeval-1.2.2.tar.gz -C "$tmp" seqeval-1.2.2/tests/conlleval.pl
  cp "$tmp/seqeval-1.2.2/tests/conlleval.pl" "$dest/conlleval.pl"
  echo "conlleval.pl: $dest/conlleval.pl (from the seqeval 1.2.2 sdist)"
else
  echo "warning: could not download the seqeval sdist; the conlleval.pl runs will be skipped" >&2
fi
