#!/usr/bin/env bash
# Issue 16's budget: the pipeline's CPU per event against the pipeline before the trust boundary
# (commit 00be5e0), running the SAME bench files (bench/ingest.ts and bench/events.ts of this tree)
# in a worktree of the base, base and current alternately (ABAB...), medians compared.
#   bash bench/ingest-vs-base.sh [rounds=3] [other tree ...]
# Each other tree (a worktree of another commit, e.g. the one before a change) runs the same bench
# files in every round too, between base and current, so a change's before and after are compared
# with the base under the same load. BASE_REF (default 00be5e0) and BASE_DIR override the base.
# The base worktree's node_modules is hard-linked from this tree's (zod, better-sqlite3, pino, tsx
# are the same versions in both lockfiles). 00be5e0 has no receipt signer: that one line is dropped
# there; nor the partners' signatures: the lines marked `// trust` are dropped in a tree without them.
# CPU per event is every thread's; compare within a round, never across sessions. Every tree
# runs with the young generation the platform's process has (--max-semi-space-size=64, Dockerfile).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
rounds=${1:-3}
shift || true
base=${BASE_DIR:-/tmp/gba-ingest-base}
if [ ! -d "$base" ]; then
  git -C "$here" worktree add --detach "$base" "${BASE_REF:-00be5e0}" >/dev/null
  cp -al "$here/node_modules" "$base/node_modules"
fi
trees=("$base" "$@" "$here")
for t in "${trees[@]}"; do
  [ "$t" = "$here" ] && continue
  cp "$here/bench/events.ts" "$t/bench/events.ts"
  drop='^-never-$'
  grep -q 'export function loadReceiptSigner' "$t/services/consent/receipts.ts" 2>/dev/null || drop+='|loadReceiptSigner'
  # Before the signature check (connectors/pipeline/authenticate.ts): events go unsigned, nothing to check.
  [ -f "$t/connectors/pipeline/authenticate.ts" ] || drop+='|// trust$'
  grep -Ev "$drop" "$here/bench/ingest.ts" > "$t/bench/ingest.ts"
done
# CPU per event of the pipeline and of the raw floor, from bench:ingest's table row.
cpu() { (cd "$1" && node --max-semi-space-size=64 --import tsx bench/ingest.ts) | awk -F'|' '/^\| [0-9]/ { gsub(/[ µs]/, "", $5); gsub(/[ µs]/, "", $8); print $5, $8 }'; }
median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
versus() { awk -v b="$1" -v c="$2" 'BEGIN { printf "%+.0f%%", 100 * (c / b - 1) }'; }
out=$(mktemp)
for i in $(seq "$rounds"); do
  line="round $i:"
  for k in "${!trees[@]}"; do
    read -r p raw < <(cpu "${trees[$k]}")
    echo "$k $p" >> "$out"
    line+=" $(git -C "${trees[$k]}" rev-parse --short HEAD) $p µs (raw $raw)"
  done
  echo "$line, load $(cut -d' ' -f1 /proc/loadavg)"
done
mb=$(awk '$1 == 0 { print $2 }' "$out" | median)
for k in "${!trees[@]}"; do
  [ "$k" = 0 ] && continue
  m=$(awk -v k="$k" '$1 == k { print $2 }' "$out" | median)
  echo "median: $(git -C "${trees[$k]}" rev-parse --short HEAD) $m µs against base $mb µs per event → $(versus "$mb" "$m") (issue 16: at most +10%)"
done
rm -f "$out"
