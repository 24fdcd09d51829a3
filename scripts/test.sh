#!/usr/bin/env bash
# The one test command: type check, then every test file under node's test runner
# (whose closing summary CI reads). Forge tests run inside it as a node test.
set -euo pipefail
cd "$(dirname "$0")/.."
npx tsc --noEmit
mapfile -t files < <(find test -name '*.test.ts' | sort)
node --import tsx --test --test-concurrency=2 "${files[@]}"
