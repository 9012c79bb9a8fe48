#!/usr/bin/env bash
# Installs what building and testing need on a fresh Debian machine; skips
# whatever is already present at the right version, so a warm run is quick.
set -euo pipefail
cd "$(dirname "$0")/.."

WASM_BINDGEN_VERSION=0.2.130
WASM_PACK_VERSION=0.15.1
CARGO_DENY_VERSION=0.20.2
# NEED_BROWSER=0 (tools/serve.sh): only what building the app needs, not the test tools.
need_browser=${NEED_BROWSER:-1}

log() { printf '\033[1m[setup]\033[0m %s\n' "$*" >&2; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

# The shipped wasm is built with nightly's build-std for the MVP CPU (tools/build-web.sh).
if ! rustup run nightly rustc --version >/dev/null 2>&1; then
  log "rustup toolchain install nightly"
  rustup toolchain install nightly --profile minimal
fi
if ! rustup component list --toolchain nightly --installed | grep -q '^rust-src'; then
  log "rustup component add rust-src --toolchain nightly"
  rustup component add rust-src --toolchain nightly
fi
if ! rustup target list --toolchain nightly --installed | grep -qx wasm32-unknown-unknown; then
  log "rustup target add wasm32-unknown-unknown --toolchain nightly"
  rustup target add wasm32-unknown-unknown --toolchain nightly
fi

if ! cargo clippy --version >/dev/null 2>&1; then
  log "rustup component add clippy"
  rustup component add clippy
fi

if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WASM_BINDGEN_VERSION" ]; then
  log "cargo install wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  # Not --locked: its lockfile names a yanked crate the registry no longer serves.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

if [ "$(wasm-pack --version 2>/dev/null | awk '{print $2}')" != "$WASM_PACK_VERSION" ]; then
  log "cargo install wasm-pack $WASM_PACK_VERSION"
  cargo install wasm-pack --version "$WASM_PACK_VERSION" --locked --force
fi

# wasm-tools validates the shipped wasm against old engines' features (tools/validate-wasm.sh).
WASM_TOOLS_VERSION=1.263.0
if [ "$(wasm-tools --version 2>/dev/null | awk '{print $2}')" != "$WASM_TOOLS_VERSION" ]; then
  log "cargo install wasm-tools $WASM_TOOLS_VERSION"
  cargo install wasm-tools --version "$WASM_TOOLS_VERSION" --locked --force --no-default-features --features validate,parse
fi

# cargo-deny: the licence, ban and source check of the dependencies (deny.toml).
if [ "$need_browser" = 1 ] && [ "$(cargo deny --version 2>/dev/null | awk '{print $2}')" != "$CARGO_DENY_VERSION" ]; then
  log "cargo install cargo-deny $CARGO_DENY_VERSION"
  cargo install cargo-deny --version "$CARGO_DENY_VERSION" --locked --force
fi

if [ "$need_browser" = 1 ] && { ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null || ! fc-list 2>/dev/null | grep -qi 'Noto Sans CJK'; }; then
  log "apt-get install chromium chromium-driver fonts-noto-cjk"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium chromium-driver fonts-noto-cjk >/dev/null
fi

# Debian's nginx with its brotli static module, for the deploy test (which runs
# its own instance on 127.0.0.1, never the system service).
if [ "$need_browser" = 1 ] && { [ ! -x /usr/sbin/nginx ] || [ ! -f /usr/lib/nginx/modules/ngx_http_brotli_static_module.so ]; }; then
  log "apt-get install nginx libnginx-mod-http-brotli-static"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq nginx libnginx-mod-http-brotli-static >/dev/null
fi

# npm: binaryen's wasm-opt (Debian's 108 breaks wasm-bindgen output) and playwright-core.
if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -d node_modules/playwright-core ] || [ ! -x node_modules/.bin/tsc ] || [ package.json -nt node_modules/.package-lock.json ]; then
  log "npm ci"
  if [ -f package-lock.json ]; then npm ci --no-audit --no-fund --silent; else npm install --no-audit --no-fund --silent; fi
fi
log "ready"
