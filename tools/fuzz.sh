#!/usr/bin/env bash
# Fuzzes the three entry points that take outside input (see fuzz/):
#   profile_eval  a JSON profile, checked and evaluated
#   share_decode  a share-link fragment / saved answers, decoded and evaluated
#   batch_rows    a CSV or JSONL batch file, screened row by row
# Usage: bash tools/fuzz.sh [seconds-per-target] [target...]
# Default: a 20 s smoke run of each target. Exits non-zero on any crash
# (panic, overflow, failed assertion, out-of-memory, timeout); libFuzzer then
# leaves the input under fuzz/artifacts/<target>/ to reproduce it with
# `cargo fuzz run -s none -a <target> <file>`.
#
# No nightly needed: without a sanitizer (`-s none`) cargo-fuzz passes only
# stable flags, so the machine's one toolchain does. The code under test is
# safe Rust, where AddressSanitizer would find nothing the language's own
# checks miss; `-a` keeps debug assertions and overflow checks on.
set -euo pipefail
cd "$(dirname "$0")/.."

CARGO_FUZZ_VERSION=0.13.2
secs=${1:-20}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(profile_eval share_decode batch_rows)

log() { printf '\033[1m[fuzz]\033[0m %s\n' "$*" >&2; }

if [ "$(cargo fuzz --version 2>/dev/null | awk '{print $2}')" != "$CARGO_FUZZ_VERSION" ]; then
  log "cargo install cargo-fuzz $CARGO_FUZZ_VERSION"
  cargo install cargo-fuzz --version "$CARGO_FUZZ_VERSION" --locked --force
fi

# A dictionary helps the fuzzer build inputs the vocabulary accepts: the
# syntax tokens plus every fact name, value id and Chinese label.
mkdir -p fuzz/target
dict=fuzz/target/vocabulary.dict
{ cat fuzz/syntax.dict
  grep -ohE '^ *(name|id|zh) = "[^"\\]+"' rules/facts.toml | sed -E 's/^ *(name|id|zh) = //'
  grep -ohE '\b(id|zh) = "[^"\\]+"' rules/facts.toml | sed -E 's/^(id|zh) = //'
} | sort -u | perl -pe 's/([^\x20-\x7e\n])/sprintf("\\x%02X", ord($1))/ge' >"$dict"   # libFuzzer wants ASCII: \xHH for UTF-8 bytes

for t in "${targets[@]}"; do
  # New inputs the fuzzer finds go to a scratch corpus under fuzz/target; the
  # committed seeds in fuzz/corpus/<target> are only read.
  work="fuzz/target/corpus/$t"
  mkdir -p "$work"
  log "$t: ${secs}s"
  # One process (the machines are small); an input that needs more than
  # 2 GB or 10 s is a crash too.
  status=0
  cargo fuzz run --fuzz-dir fuzz -s none -a "$t" "$work" "fuzz/corpus/$t" -- \
    -max_total_time="$secs" -dict="$dict" -max_len=65536 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    >"fuzz/target/$t.log" 2>&1 || status=$?
  grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb|Done [0-9]+ runs)' "fuzz/target/$t.log" >&2 || true
  if [ "$status" != 0 ]; then
    log "$t: FAILED (exit $status: a crash, or the build); see fuzz/target/$t.log and fuzz/artifacts/$t/"
    tail -n 40 "fuzz/target/$t.log" >&2
    exit 1
  fi
done
log "no crash"
