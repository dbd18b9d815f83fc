#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan + UBSan) and runs each one for a bounded time
# on a copy of its seed corpus in fuzz/corpus/<target>/. Fails if any target crashes, leaks,
# hangs or trips a sanitizer; the input that did it is saved in $BUILD_DIR/artifacts/.
#
#   fuzz/run.sh [SECONDS_PER_TARGET]      default 20
#
# Environment:
#   GOALPOST_FUZZ_BUILD_DIR   build directory (default: build-fuzz)
#   GOALPOST_FUZZ_TARGETS     targets to run, space separated (default: all, e.g. "command config")
#   GOALPOST_FUZZ_JOBS        parallel compile jobs (default: number of cores)
#   GOALPOST_FUZZ_ARGS        extra libFuzzer flags, e.g. "-jobs=2 -workers=2" or "-max_len=512"
set -euo pipefail
cd "$(dirname "$0")/.."

SECONDS_PER_TARGET=${1:-20}
BUILD_DIR=${GOALPOST_FUZZ_BUILD_DIR:-build-fuzz}
JOBS=${GOALPOST_FUZZ_JOBS:-$(nproc)}
ALL_TARGETS=(slack_form command numbers slack_signature config block_kit teams_activity)
read -r -a TARGETS <<<"${GOALPOST_FUZZ_TARGETS:-${ALL_TARGETS[*]}}"
read -r -a EXTRA_ARGS <<<"${GOALPOST_FUZZ_ARGS:-}"

if ! [[ $SECONDS_PER_TARGET =~ ^[0-9]+$ ]] || [ "$SECONDS_PER_TARGET" -lt 1 ]; then
  echo "usage: fuzz/run.sh [SECONDS_PER_TARGET]" >&2
  exit 2
fi

# The project's libraries (as ./dev.sh installs them), then clang with its sanitizer and
# libFuzzer runtimes (libclang-rt-14-dev) and llvm-symbolizer for readable stack traces.
./dev.sh deps
missing=()
for p in clang libclang-rt-14-dev llvm-14; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "fuzz/run.sh: installing ${missing[*]}" >&2
  sudo=()
  [ "$(id -u)" -ne 0 ] && sudo=(sudo)
  "${sudo[@]}" apt-get update -q
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

CXX_COMPILER=$(command -v clang++ || command -v clang++-14)
cmake -S . -B "$BUILD_DIR" -DCMAKE_CXX_COMPILER="$CXX_COMPILER" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DGOALPOST_BUILD_FUZZ=ON -DGOALPOST_BUILD_TESTS=OFF >/dev/null
build_targets=()
for t in "${TARGETS[@]}"; do build_targets+=(--target "fuzz_$t"); done
build_started=$(date +%s)
cmake --build "$BUILD_DIR" -j"$JOBS" "${build_targets[@]}"
echo "fuzz/run.sh: built ${#TARGETS[@]} target(s) in $(($(date +%s) - build_started)) s"

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:symbolize=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
if [ -z "${ASAN_SYMBOLIZER_PATH:-}" ] && command -v llvm-symbolizer >/dev/null; then
  export ASAN_SYMBOLIZER_PATH=$(command -v llvm-symbolizer)
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
summary="$BUILD_DIR/fuzz-summary.txt"
: >"$summary"
failed=()
total_execs=0
printf '%-16s %12s %8s %10s %14s  %s\n' target executions seconds exec/s "corpus files" result | tee -a "$summary"
for t in "${TARGETS[@]}"; do
  seeds="fuzz/corpus/$t"
  [ -d "$seeds" ] || { echo "fuzz/run.sh: no seed corpus $seeds" >&2; exit 2; }
  corpus="$work/$t"
  mkdir -p "$corpus" "$BUILD_DIR/artifacts/$t"
  cp -R "$seeds/." "$corpus/"
  seed_count=$(find "$seeds" -type f | wc -l)
  log="$BUILD_DIR/fuzz-$t.log"
  started=$(date +%s%N)
  rc=0
  "$BUILD_DIR/fuzz/fuzz_$t" "$corpus" -max_total_time="$SECONDS_PER_TARGET" -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$BUILD_DIR/artifacts/$t/" "${EXTRA_ARGS[@]}" >"$log" 2>&1 || rc=$?
  elapsed_ms=$((($(date +%s%N) - started) / 1000000))
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  execs=${execs:-0}
  total_execs=$((total_execs + execs))
  rate=$((execs * 1000 / (elapsed_ms > 0 ? elapsed_ms : 1)))
  result=ok
  if [ "$rc" -ne 0 ]; then
    result="FAILED (exit $rc)"
    failed+=("$t")
  fi
  printf '%-16s %12s %8s %10s %14s  %s\n' "$t" "$execs" "$((elapsed_ms / 1000)).$((elapsed_ms % 1000 / 100))" "$rate" \
    "$seed_count -> $(find "$corpus" -type f | wc -l)" "$result" | tee -a "$summary"
  if [ "$rc" -ne 0 ]; then
    echo "---- $log (last 60 lines) ----" >&2
    tail -n 60 "$log" >&2
    echo "---- reproduce: $BUILD_DIR/fuzz/fuzz_$t $BUILD_DIR/artifacts/$t/<crash-file> ----" >&2
  fi
done
echo "fuzz/run.sh: ${#TARGETS[@]} target(s), $total_execs executions, ${SECONDS_PER_TARGET} s each" | tee -a "$summary"

if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz/run.sh: FAILED: ${failed[*]}" >&2
  exit 1
fi
echo "fuzz/run.sh: no crashes"
