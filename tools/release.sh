#!/usr/bin/env bash
# Builds the app and writes release/: hashed asset names, .br/.gz beside each
# file, ready for any static server at the site root or under a sub-path.
#   bash tools/release.sh                  # relative references: any path ending in "/"
#   bash tools/release.sh --base /zhengce/calculator/   # the page's references absolute under it
#   bash tools/release.sh --no-build       # reuse the dist/ already built
set -euo pipefail
cd "$(dirname "$0")/.."
build=1
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --no-build) build=0 ;;
    --base) [ $# -ge 2 ] || { echo "release.sh: --base needs a path like /zhengce/calculator/" >&2; exit 2; }
            args+=(--base "$2"); shift ;;
    *) echo "usage: bash tools/release.sh [--base /sub/path/] [--no-build]" >&2; exit 2 ;;
  esac
  shift
done
if [ "$build" = 1 ]; then bash tools/build-web.sh; fi
[ -f dist/index.html ] || { echo "release.sh: no dist/index.html; run without --no-build" >&2; exit 1; }
node tools/release.mjs --dist dist --out release "${args[@]}"
