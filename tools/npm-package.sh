#!/usr/bin/env bash
# Builds the npm package into npm/pkg/: the JS API (evaluate, measures, facts,
# nextQuestions, rulesVersion) with TypeScript types and its own README,
# without the Leptos web app (cargo feature `app` off).
set -euo pipefail
cd "$(dirname "$0")/.."
out=npm/pkg
wasm-pack build --target web --release --out-dir "$out" --out-name anyang_policy -- --no-default-features
# npm's binaryen (Debian's wasm-opt breaks wasm-bindgen output); only the
# wasm features old WebViews have, as for the web app (tools/build-web.sh).
node_modules/.bin/wasm-opt -Oz --mvp-features --enable-bulk-memory --enable-sign-ext --enable-mutable-globals --enable-nontrapping-float-to-int \
  "$out/anyang_policy_bg.wasm" -o "$out/anyang_policy_bg.wasm"
# The package's README, not the crate's (wasm-pack copies the crate's).
cp npm/README.md "$out/README.md"
echo "built $out/ ($(du -sh "$out" | cut -f1); wasm $(du -k "$out/anyang_policy_bg.wasm" | cut -f1) KiB)" >&2
