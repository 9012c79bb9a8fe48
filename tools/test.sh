#!/usr/bin/env bash
# Installs whatever is missing, then runs every test:
#   dependency licences and sources (cargo deny); native engine, rule and CLI
#   tests; the rule pack's own cases with coverage; a short fuzzing run;
#   the JS API in Node and the app in headless Chromium (wasm-bindgen-test);
#   the built app end to end in headless Chromium (Playwright).
set -euo pipefail
cd "$(dirname "$0")/.."
step() { printf '\n\033[1m== %s\033[0m\n' "$*" >&2; }

step "setup"
bash tools/setup.sh

step "lints (clippy, native and wasm)"
cargo clippy --quiet --all-targets -- -D warnings
cargo clippy --quiet --target wasm32-unknown-unknown --lib --tests -- -D warnings

step "dependencies (cargo deny: licences, bans, sources; advisories cannot be fetched here, see deny.toml)"
cargo deny check licenses bans sources

step "native tests (cargo test)"
cargo test --quiet

step "rule pack check (eligibility check)"
cargo run --quiet --bin eligibility -- check

step "fuzzing smoke run (tools/fuzz.sh: profile, share link, batch rows)"
bash tools/fuzz.sh "${FUZZ_SECONDS:-20}"

step "JS API in Node (wasm-pack test --node)"
wasm-pack test --node

step "app in headless Chromium (wasm-pack test --headless --chrome)"
wasm-pack test --headless --chrome

step "built app end to end (Playwright + Chromium)"
bash tools/build-web.sh
node --test tests/e2e/

step "npm package in a plain page (wasm-pack build --target web, Playwright + tsc)"
bash tools/npm-package.sh
node --test tests/npm/

step "release folder (tools/release.sh), served by nginx: headers and browser tests at / and a sub-path"
node --test tests/deploy/release.test.mjs tests/deploy/wechat.test.mjs
bash tools/release.sh --no-build
bash tests/deploy/nginx.sh
