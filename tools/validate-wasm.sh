#!/usr/bin/env bash
# Validates .wasm files against what old WebViews support (WeChat's XWeb ≈
# Chrome 78, iOS 14 Safari): the MVP plus mutable globals, sign extension,
# saturating float-to-int and bulk memory; no reference types, no multivalue,
# no threads, no SIMD. First proves the validator refuses modules that need
# those features, so a wrong feature list cannot pass silently.
set -euo pipefail
FEATURES=mvp,mutable-global,sign-extension,saturating-float-to-int,bulk-memory
[ "${1:-}" = --features ] && { echo "$FEATURES"; exit 0; }
[ $# -gt 0 ] || { echo "usage: $0 FILE.wasm… | --features" >&2; exit 2; }
command -v wasm-tools >/dev/null || { echo "wasm-tools not found: run tools/setup.sh" >&2; exit 1; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
declare -A needs=(
  [reference-types]='(module (table 1 externref))'
  [multi-value]='(module (func (result i32 i32) i32.const 1 i32.const 2))'
  [threads]='(module (memory 1 1 shared))'
  [simd]='(module (func (result v128) v128.const i64x2 0 0))'
)
for f in "${!needs[@]}"; do
  echo "${needs[$f]}" > "$tmp/$f.wat"
  wasm-tools validate --features all "$tmp/$f.wat" # well-formed…
  if msg=$(wasm-tools validate --features "$FEATURES" "$tmp/$f.wat" 2>&1); then # …but refused here
    echo "validate-wasm: a module needing $f passed the old-engine feature set" >&2; exit 1
  fi
  echo "validate-wasm: refuses a module needing $f: $(echo "$msg" | head -1)" >&2
done
for w in "$@"; do
  if ! wasm-tools validate --features "$FEATURES" "$w"; then
    echo "validate-wasm: $w needs features old engines lack (WeChat XWeb ≈ Chrome 78, iOS 14): allowed are $FEATURES" >&2
    exit 1
  fi
  echo "validate-wasm: $w is valid for old engines ($FEATURES)" >&2
done
