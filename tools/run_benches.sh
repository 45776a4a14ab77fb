#!/usr/bin/env bash
# Runs every Google Benchmark bench of a Release build one after the other and keeps the console
# tables in one log, so the ratios in docs/performance.md come from side-by-side measurements of a
# single run. Usage: tools/run_benches.sh [build-dir] [min-time-seconds] > bench.log
set -euo pipefail
build=${1:-build}
min_time=${2:-0.5}
echo "# $(date -u +%Y-%m-%dT%H:%M:%SZ) $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
echo "# $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | xargs), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
for bench in $(find "$build/benches" -type f -executable -name 'bench_*' | sort); do
  echo "## $(basename "$bench")"
  "$bench" --benchmark_min_time="$min_time" 2>&1 | grep -v '^\*\*\*WARNING'
done
