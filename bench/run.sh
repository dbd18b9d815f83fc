#!/usr/bin/env bash
# goalpost benchmark: one command, from a clean clone. Builds in Release (its own build
# directory), starts a bare Beast server (the baseline) and `goalpost serve` on a file
# database with synchronous=FULL, drives both with the same signed load over loopback, runs
# the 10,000-person scale test, stops everything and prints a table.
#
#   bench/run.sh
#
# Knobs (environment): BENCH_DURATION=5 (seconds per load phase), BENCH_WARMUP=1,
# BENCH_CONNECTIONS=32, BENCH_THREADS=$(nproc) (server threads, the same for both servers),
# BENCH_SCALE=1 (0 skips the scale test), BENCH_SCALE_DB=FILE (keep and reuse the scale
# database there), BENCH_BUILD_DIR=build-bench, BENCH_KEEP=1 (keep the work directory).
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD_DIR=${BENCH_BUILD_DIR:-build-bench}
DURATION=${BENCH_DURATION:-5}
WARMUP=${BENCH_WARMUP:-1}
CONNECTIONS=${BENCH_CONNECTIONS:-32}
THREADS=${BENCH_THREADS:-$(nproc)}
SCALE=${BENCH_SCALE:-1}
SECRET=8f742231b10e8888abcd99yyyzzz85a5  # Slack's documented example secret, as in config/

WORK=$(mktemp -d "${TMPDIR:-/tmp}/goalpost-bench.XXXXXX")
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ "${BENCH_KEEP:-0}" = 1 ]; then echo "work directory kept: $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

say() { echo "bench: $*" >&2; }

# ---- build ------------------------------------------------------------------------------
./dev.sh deps
say "building in Release into $BUILD_DIR"
if ! { cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release -DGOALPOST_BUILD_TESTS=OFF -DGOALPOST_BUILD_BENCH=ON &&
       cmake --build "$BUILD_DIR" -j"$(nproc)" --target goalpost bench_baseline_server bench_loadgen bench_scale_gen; } \
     > "$WORK/build.log" 2>&1; then
  cat "$WORK/build.log" >&2
  say "build failed"
  exit 1
fi
GOALPOST=$BUILD_DIR/bot/goalpost
LOADGEN=$BUILD_DIR/bench/bench_loadgen

# ---- helpers ----------------------------------------------------------------------------
# wait_port LOG PID: the port a server printed as "listening on http://127.0.0.1:PORT".
wait_port() {
  local log=$1 pid=$2 port=""
  for _ in $(seq 1 500); do
    port=$(grep -o 'listening on http://127\.0\.0\.1:[0-9]*' "$log" 2>/dev/null | head -1 | sed 's/.*://') || true
    [ -n "$port" ] && { echo "$port"; return 0; }
    kill -0 "$pid" 2>/dev/null || { cat "$log" >&2; return 1; }
    sleep 0.02
  done
  say "no port in $log after 10 s"; return 1
}
reset_peak() { echo 5 > "/proc/$1/clear_refs" 2>/dev/null || true; }
peak_kb() { awk '/^VmHWM:/ {print $2}' "/proc/$1/status"; }

RESULTS=$WORK/results.txt
: > "$RESULTS"
# phase LABEL PORT PID MODE [loadgen args...]: one load phase; appends "RESULT ... rss_kb=".
phase() {
  local label=$1 port=$2 pid=$3 mode=$4; shift 4
  reset_peak "$pid"
  local out
  out=$(timeout $((DURATION + WARMUP + 60)) "$LOADGEN" --port "$port" --mode "$mode" --label "$label" \
        --connections "$CONNECTIONS" --duration "$DURATION" --warmup "$WARMUP" "$@") || true
  echo "$out" | grep -v '^RESULT' >&2
  echo "$(echo "$out" | grep '^RESULT') rss_kb=$(peak_kb "$pid")" >> "$RESULTS"
}

# ---- the baseline -------------------------------------------------------------------------
"$BUILD_DIR/bench/bench_baseline_server" --port 0 --threads "$THREADS" 2> "$WORK/baseline.log" &
BASE_PID=$!; PIDS+=("$BASE_PID")
BASE_PORT=$(wait_port "$WORK/baseline.log" "$BASE_PID")
say "baseline on port $BASE_PORT ($THREADS threads)"
phase baseline-post "$BASE_PORT" "$BASE_PID" checkin --no-check
phase baseline-get "$BASE_PORT" "$BASE_PID" raw
kill "$BASE_PID"; wait "$BASE_PID" 2>/dev/null || true

# ---- goalpost -----------------------------------------------------------------------------
cat > "$WORK/goalpost.json" <<EOF
{
  "server": {"bind": "127.0.0.1", "port": 0, "threads": $THREADS},
  "storage": {"path": "$WORK/goalpost.db"},
  "slack": {"signing_secret": "$SECRET"},
  // The load comes from one user of one workspace: lift the command limits so the phases
  // measure commands, not the "try again" reply.
  "limits": {"commands_per_user_per_minute": 100000000, "commands_per_workspace_per_minute": 100000000}
}
EOF
"$GOALPOST" serve --config "$WORK/goalpost.json" 2> "$WORK/goalpost.log" &
GP_PID=$!; PIDS+=("$GP_PID")
GP_PORT=$(wait_port "$WORK/goalpost.log" "$GP_PID")
say "goalpost on port $GP_PORT ($THREADS threads), database $WORK/goalpost.db (synchronous=FULL)"
"$LOADGEN" --port "$GP_PORT" --mode setup >&2
phase healthz "$GP_PORT" "$GP_PID" raw
phase checkin "$GP_PORT" "$GP_PID" checkin
phase list "$GP_PORT" "$GP_PID" list
phase show "$GP_PORT" "$GP_PID" show
kill "$GP_PID"; wait "$GP_PID" 2>/dev/null || true
CHECKINS=$(sqlite3 "$WORK/goalpost.db" "SELECT count(*) FROM checkins" 2>/dev/null || echo "?")
INTEGRITY=$(sqlite3 "$WORK/goalpost.db" "PRAGMA integrity_check" 2>/dev/null || echo "?")
say "after the load: $CHECKINS check-ins in the database, integrity_check: $INTEGRITY"

# ---- scale --------------------------------------------------------------------------------
if [ "$SCALE" != 0 ]; then
  SCALE_DB=${BENCH_SCALE_DB:-$WORK/scale.db}
  say "scale: $SCALE_DB"
  timeout 1200 "$BUILD_DIR/bench/bench_scale_gen" --db "$SCALE_DB" --reuse --goalpost "$GOALPOST" > "$WORK/scale.txt" || true
  grep -v '^RESULT' "$WORK/scale.txt" >&2 || true
  grep '^RESULT' "$WORK/scale.txt" >> "$RESULTS" || true
fi

# ---- the table ----------------------------------------------------------------------------
echo
echo "goalpost benchmark, $(date -u +%Y-%m-%dT%H:%MZ): $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //')), $THREADS server threads, $CONNECTIONS keep-alive connections, ${DURATION} s per phase"
awk '
  /^RESULT/ {
    label = ""
    for (i = 2; i <= NF; i++) { split($i, kv, "="); if (kv[1] == "label") label = kv[2] }
    for (i = 2; i <= NF; i++) { split($i, kv, "="); v[label, kv[1]] = kv[2] }
    seen[label] = 1
  }
  END {
    printf "\n%-14s %12s %9s %9s %12s %10s %s\n", "phase", "requests/s", "p50 ms", "p99 ms", "vs baseline", "peak RSS", "errors"
    n = split("baseline-post baseline-get healthz checkin list show", order, " ")
    for (k = 1; k <= n; k++) {
      l = order[k]; if (!seen[l]) continue
      ref = (l == "healthz" || l == "baseline-get") ? "baseline-get" : "baseline-post"
      ratio = (v[ref, "rps"] > 0) ? sprintf("%.0f%%", 100 * v[l, "rps"] / v[ref, "rps"]) : "-"
      errs = v[l, "errors"] + v[l, "non200"] + v[l, "app_errors"]
      printf "%-14s %12d %9.2f %9.2f %12s %7.1f MB %d\n", l, v[l, "rps"], v[l, "p50_us"] / 1000, v[l, "p99_us"] / 1000, ratio, v[l, "rss_kb"] / 1024, errs
    }
    if (seen["scale-digests"]) {
      printf "\n%-44s %s\n", "scale (10,000 people, 1.3M check-ins)", "result"
      if (seen["scale-generate"]) printf "%-44s %.1f s, %s MB file\n", "generate the database", v["scale-generate", "seconds"], v["scale-generate", "db_mb"]
      printf "%-44s %.2f s wall, %.2f s CPU\n", "every weekly digest + monthly summary", v["scale-digests", "seconds"], v["scale-digests", "cpu_s"]
      printf "%-44s %.2f s wall, %.2f s CPU\n", "SQLite alone, the same aggregates", v["scale-raw-scan", "seconds"], v["scale-raw-scan", "cpu_s"]
      printf "%-44s %.1fx\n", "digests / raw scan (CPU)", v["scale-ratio", "ratio"]
      if (seen["scale-startup"]) {
        printf "%-44s %.1f ms\n", "start-up, exec to /healthz 200", v["scale-startup", "startup_ms"]
        printf "%-44s %.1f MB\n", "RSS idle", v["scale-startup", "rss_idle_kb"] / 1024
        printf "%-44s %.1f MB\n", "RSS with " v["scale-startup", "connections"] " keep-alive connections", v["scale-startup", "rss_conn_kb"] / 1024
      }
    }
    print "\ntargets"
    b = v["baseline-post", "rps"]
    # A phase with any error or unexpected reply measured something else: never "met".
    for (k in seen) bad[k] = v[k, "errors"] + v[k, "non200"] + v[k, "app_errors"]
    if (seen["checkin"] && b > 0) printf "  durable check-ins >= 50%% of baseline, p99 < 5 ms: %s (%.0f%%, p99 %.2f ms)\n", (v["checkin", "rps"] >= 0.5 * b && v["checkin", "p99_us"] < 5000 && bad["checkin"] == 0) ? "met" : "NOT met", 100 * v["checkin", "rps"] / b, v["checkin", "p99_us"] / 1000
    if (seen["list"] && b > 0) printf "  reads >= 70%% of baseline: %s (list %.0f%%, show %.0f%%)\n", (v["list", "rps"] >= 0.7 * b && v["show", "rps"] >= 0.7 * b && bad["list"] + bad["show"] == 0) ? "met" : "NOT met", 100 * v["list", "rps"] / b, 100 * v["show", "rps"] / b
    if (seen["scale-digests"]) printf "  all digests < 2 s and within 3x of the raw scan: %s (%.2f s wall, %.1fx)\n", (v["scale-digests", "seconds"] < 2 && v["scale-ratio", "ratio"] <= 3) ? "met" : "NOT met", v["scale-digests", "seconds"], v["scale-ratio", "ratio"]
    if (seen["scale-startup"]) {
      printf "  start-up < 200 ms: %s (%.1f ms)\n", (v["scale-startup", "startup_ms"] < 200) ? "met" : "NOT met", v["scale-startup", "startup_ms"]
      printf "  RSS < 40 MB idle, < 100 MB with 1,000 connections: %s (%.1f MB, %.1f MB)\n", (v["scale-startup", "rss_idle_kb"] < 40 * 1024 && v["scale-startup", "rss_conn_kb"] < 100 * 1024) ? "met" : "NOT met", v["scale-startup", "rss_idle_kb"] / 1024, v["scale-startup", "rss_conn_kb"] / 1024
    }
  }' "$RESULTS"
