#!/bin/bash
# ci32: one browser-project run of the given files (and vitest options) with the timeline reporter,
# the 1-minute load average sampled every 30 s beside it. Usage, from anywhere:
#   bench/designer/ci32/pair.sh <tag> test/a.browser.test.ts test/b.browser.test.ts [-t pattern]
# Writes /tmp/ci32/timeline-<tag>.log (the reporter's), run-<tag>.log (vitest's), load-<tag>.log.
# A paired A/B: the old file copied beside the new one (git show HEAD:… > test/zzOld….browser.test.ts),
# both in one run, then again; compare the two files' `end … dur=` lines of the same run.
tag=$1; shift
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p /tmp/ci32 && cd "$here/../../../designer" || exit 1
rm -f "/tmp/ci32/timeline-$tag.log"
(while sleep 30; do cut -d' ' -f1 /proc/loadavg >> "/tmp/ci32/load-$tag.log"; done) & lp=$!
TIMELINE_OUT="/tmp/ci32/timeline-$tag.log" timeout 1200 npx vitest run --project browser "$@" --reporter="$here/timeline.mjs" --reporter=verbose > "/tmp/ci32/run-$tag.log" 2>&1
echo "rc $?" >> "/tmp/ci32/run-$tag.log"
kill "$lp"
