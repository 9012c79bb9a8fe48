#!/usr/bin/env bash
# Builds the static app into dist/: index.html, boot.js, style/, pkg/ (wasm + JS glue).
set -euo pipefail
cd "$(dirname "$0")/.."
profile=${PROFILE:-release}
flag=$([ "$profile" = release ] && echo --release || true)
# lazy-texts: quotes and notes are not in the wasm; the page fetches them
# (pkg/anyang_policy_texts.bin) after its first screen.
out_dir=$(cargo build $flag --target wasm32-unknown-unknown --lib --features lazy-texts --message-format=json-render-diagnostics |
  node -e 'let d="";process.stdin.on("data",c=>d+=c).on("end",()=>{for(const l of d.split("\n")){try{const m=JSON.parse(l);if(m.reason==="build-script-executed"&&/anyang-policy/.test(m.package_id))console.log(m.out_dir)}catch(e){}}})' | tail -n1)
[ -f "$out_dir/texts.bin" ] || { echo "build-web: texts.bin not found (out_dir '$out_dir')" >&2; exit 1; }
rm -rf dist && mkdir -p dist/pkg dist/style
cp "$out_dir/texts.bin" dist/pkg/anyang_policy_texts.bin
wasm-bindgen --target web --out-dir dist/pkg --out-name anyang_policy "target/wasm32-unknown-unknown/$profile/anyang_policy.wasm"
if [ "$profile" = release ]; then
  # npm's binaryen: Debian's wasm-opt 108 silently breaks wasm-bindgen output.
  # Only the features old WebViews have (WeChat XWeb ≈ Chrome 78, iOS 14): no
  # reference types, no multivalue. Binaryen refuses a module that needs more,
  # and re-encodes the output canonically for MVP decoders.
  node_modules/.bin/wasm-opt -Oz --mvp-features --enable-bulk-memory --enable-sign-ext --enable-mutable-globals --enable-nontrapping-float-to-int \
    dist/pkg/anyang_policy_bg.wasm -o dist/pkg/anyang_policy_bg.wasm
fi
cp index.html dist/
cp src/boot.js dist/
cp style/*.css dist/style/
# The JavaScript that ships must parse as ES2019 (Chrome 78 in WeChat).
node tools/es2019.mjs dist/pkg/anyang_policy.js dist/boot.js
echo "built dist/ ($(du -sh dist | cut -f1))" >&2
