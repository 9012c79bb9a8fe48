#!/usr/bin/env bash
# The benchmark report (issue 7 "Speed and size"): installs what is missing,
# builds the release bundle and the native CLI, then measures sizes, old-engine
# validity, wasm evaluation in headless Chromium, time to interactive at 4× CPU
# throttling, native ns per firm (criterion), batch throughput and memory over
# 100k and 1M rows, and the ratio to json-rules-engine. Prints the report and
# writes bench-report.md and bench-report.json. Not part of the tests.
# BENCH_QUICK=1 runs it on small inputs.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh
# Peak memory of the batch runs comes from GNU time.
if [ ! -x /usr/bin/time ]; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null; }
fi
# A build whose wasm fails the old-engine validation still leaves dist/: measure
# it anyway (the report says it is invalid) rather than report nothing.
bash tools/build-web.sh || echo "bench: tools/build-web.sh failed (see above); measuring dist/ as built" >&2
[ -f dist/index.html ] && [ -f dist/pkg/anyang_policy_bg.wasm ] || { echo "bench: no dist/ to measure" >&2; exit 1; }
cargo build --quiet --release --bin eligibility
node tools/bench/main.mjs
