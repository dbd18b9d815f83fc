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
# database there), BENCH_HISTORY=1, BENCH_POSTGRES=1 (0 skips the PostgreSQL phases),
# BENCH_PG_POOL=8 (storage.pool_size of the PostgreSQL instances),
# BENCH_BUILD_DIR=build-bench, BENCH_KEEP=1 (keep the work directory).
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
PG_DIR=""
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  [ -n "$PG_DIR" ] && tests/postgres/server.sh stop "$PG_DIR" || true
  if [ "${BENCH_KEEP:-0}" = 1 ]; then echo "work directory kept: $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

say() { echo "bench: $*" >&2; }

# ---- build ------------------------------------------------------------------------------
./dev.sh deps
say "building in Release into $BUILD_DIR"
if ! { cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release -DGOALPOST_BUILD_TESTS=OFF -DGOALPOST_BUILD_BENCH=ON &&
       cmake --build "$BUILD_DIR" -j"$(nproc)" --target goalpost bench_baseline_server bench_loadgen bench_scale_gen \
         bench_history_gen bench_fsync_probe; } \
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

# ---- the disk -----------------------------------------------------------------------------
# A durable check-in cannot be faster than one fdatasync of this disk.
"$BUILD_DIR/bench/bench_fsync_probe" "$WORK" >> "$RESULTS"
say "disk: $(tail -1 "$RESULTS")"

# ---- goalpost -----------------------------------------------------------------------------
# config NAME [STORAGE]: writes a configuration for the database $WORK/NAME.db (or the
# "storage" object STORAGE) and prints its path.
config() {
  local storage=${2:-"{\"path\": \"$WORK/$1.db\"}"}
  cat > "$WORK/$1.json" <<EOF
{
  "server": {"bind": "127.0.0.1", "port": 0, "threads": $THREADS},
  "storage": $storage,
  "slack": {"signing_secret": "$SECRET"},
  // The load comes from a few users of one workspace: lift the command limits so the phases
  // measure commands, not the "try again" reply.
  "limits": {"commands_per_user_per_minute": 100000000, "commands_per_workspace_per_minute": 100000000}
}
EOF
  echo "$WORK/$1.json"
}
# start NAME [STORAGE]: goalpost serve on $WORK/NAME.db (or STORAGE); sets GP_PID, GP_PORT.
start() {
  local cfg
  cfg=$(config "$@")
  "$GOALPOST" serve --config "$cfg" 2> "$WORK/$1.log" &
  GP_PID=$!; PIDS+=("$GP_PID")
  GP_PORT=$(wait_port "$WORK/$1.log" "$GP_PID")
  say "goalpost on port $GP_PORT ($THREADS threads), $(grep -o 'listening.*' "$WORK/$1.log" | sed 's/.*database/database/')"
}
stop() { kill "$GP_PID"; wait "$GP_PID" 2>/dev/null || true; }

start goalpost
"$LOADGEN" --port "$GP_PORT" --mode setup >&2
phase healthz "$GP_PORT" "$GP_PID" raw
phase checkin "$GP_PORT" "$GP_PID" checkin
# The same check-ins through the REST API (a bearer token, JSON in and out).
API_TOKEN=$("$LOADGEN" --port "$GP_PORT" --mode token)
phase api-checkin "$GP_PORT" "$GP_PID" api-checkin --token "$API_TOKEN"
phase list "$GP_PORT" "$GP_PID" list
phase show "$GP_PORT" "$GP_PID" show
stop
CHECKINS=$(sqlite3 "$WORK/goalpost.db" "SELECT count(*) FROM checkins" 2>/dev/null || echo "?")
INTEGRITY=$(sqlite3 "$WORK/goalpost.db" "PRAGMA integrity_check" 2>/dev/null || echo "?")
say "after the load: $CHECKINS check-ins in the database, integrity_check: $INTEGRITY"

# ---- one busy team: 50 members checking in on one KR over 32 connections -------------------
BUSY=(--teams 1 --objectives 1 --krs 1 --members 50)
start busy
"$LOADGEN" --port "$GP_PORT" --mode setup "${BUSY[@]}" >&2
phase busy-team "$GP_PORT" "$GP_PID" checkin "${BUSY[@]}"
stop

# ---- history: the same 200 check-ins, one after another, as the history grows --------------
# Team bench1 (10 members, 5 KRs) in a workspace of 20 such teams, imported with
# `goalpost import` from a document bench_history_gen writes: with no check-ins, with 50,000
# in bench1 over the last 11 weeks, and with 1,000,000 more in the other teams.
SHAPE=(--teams 20 --objectives 1 --krs 5 --members 10)
history() {
  local label=$1 cfg; shift
  # Not $WORK/$label.json: that name is the configuration's (config above).
  "$BUILD_DIR/bench/bench_history_gen" --out "$WORK/$label.export.json" "${SHAPE[@]}" "$@"
  cfg=$(config "$label")
  "$GOALPOST" import --from "$WORK/$label.export.json" --config "$cfg" >&2
  rm -f "$WORK/$label.export.json"
  start "$label"
  CONNECTIONS=1 WARMUP=0 phase "$label" "$GP_PORT" "$GP_PID" checkin "${SHAPE[@]}" --team 1 --requests 200
  stop
}
if [ "${BENCH_HISTORY:-1}" != 0 ]; then
  history history-0 --team-checkins 0
  history history-50k --team-checkins 50000
  history history-1m --team-checkins 50000 --workspace-checkins 1000000
fi

# ---- PostgreSQL: durable check-ins from one instance, and from three on one database --------
# A throwaway PostgreSQL 15 with fsync on (tests/postgres/server.sh --durable), on the same
# disk; each setup in a schema of its own. Three instances: the same load split over them
# (one loadgen per instance, a third of the connections each), requests/s summed.
if [ "${BENCH_POSTGRES:-1}" != 0 ]; then
  PG_DIR=$(mktemp -d /tmp/goalpost-bench-pg.XXXXXX)
  PG_URL=$(tests/postgres/server.sh start "$PG_DIR" --durable)
  psql -q "$PG_URL" -c "CREATE SCHEMA one; CREATE SCHEMA three" >&2
  pg_storage() { echo "{\"url\": \"$PG_URL&options=-csearch_path%3D$1\", \"pool_size\": ${BENCH_PG_POOL:-8}}"; }
  start pg-one "$(pg_storage one)"
  "$LOADGEN" --port "$GP_PORT" --mode setup >&2
  phase pg-1-instance "$GP_PORT" "$GP_PID" checkin
  stop
  PG_PIDS=(); PG_PORTS=()
  for i in 1 2 3; do
    start "pg-three-$i" "$(pg_storage three)"
    PG_PIDS+=("$GP_PID"); PG_PORTS+=("$GP_PORT")
  done
  "$LOADGEN" --port "${PG_PORTS[0]}" --mode setup >&2
  for i in 0 1 2; do
    timeout $((DURATION + WARMUP + 60)) "$LOADGEN" --port "${PG_PORTS[$i]}" --mode checkin --label "pg-3-part$i" \
      --connections $(( (CONNECTIONS + 2) / 3 )) --duration "$DURATION" --warmup "$WARMUP" > "$WORK/pg3-$i.txt" 2>&1 &
  done
  wait $(jobs -p | tail -n 3) || true
  cat "$WORK"/pg3-*.txt | grep -v '^RESULT' >&2 || true
  # One line for the three: requests/s and requests summed, the worst p50 and p99, errors summed.
  cat "$WORK"/pg3-*.txt | grep '^RESULT' | awk '
    { for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
      rps += v["rps"]; req += v["requests"]; err += v["errors"]; non += v["non200"]; app += v["app_errors"]
      if (v["p50_us"] > p50) p50 = v["p50_us"]; if (v["p99_us"] > p99) p99 = v["p99_us"] }
    END { printf "RESULT label=pg-3-instances requests=%d rps=%.0f p50_us=%d p99_us=%d errors=%d non200=%d app_errors=%d rss_kb=%d\n", req, rps, p50, p99, err, non, app, 0 }' >> "$RESULTS"
  for pid in "${PG_PIDS[@]}"; do kill "$pid"; wait "$pid" 2>/dev/null || true; done
  PG_CHECKINS=$(psql -tA "$PG_URL&options=-csearch_path%3Dthree" -c "SELECT count(*) FROM checkins" 2>/dev/null || echo "?")
  say "after the three-instance load: $PG_CHECKINS check-ins in the database"
fi

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
    n = split("baseline-post baseline-get healthz checkin api-checkin busy-team list show history-0 history-50k history-1m pg-1-instance pg-3-instances", order, " ")
    for (k = 1; k <= n; k++) {
      l = order[k]; if (!seen[l]) continue
      ref = (l == "healthz" || l == "baseline-get") ? "baseline-get" : "baseline-post"
      ratio = (v[ref, "rps"] > 0) ? sprintf("%.0f%%", 100 * v[l, "rps"] / v[ref, "rps"]) : "-"
      errs = v[l, "errors"] + v[l, "non200"] + v[l, "app_errors"]
      if (l ~ /^history/) ratio = (v["history-0", "p50_us"] > 0) ? sprintf("p50 %.2fx", v[l, "p50_us"] / v["history-0", "p50_us"]) : "-"
      printf "%-14s %12d %9.2f %9.2f %12s %7.1f MB %d\n", l, v[l, "rps"], v[l, "p50_us"] / 1000, v[l, "p99_us"] / 1000, ratio, v[l, "rss_kb"] / 1024, errs
    }
    if (seen["fsync"]) printf "\n%-44s p50 %.2f ms, p99 %.2f ms\n", "the disk: 4 KiB write + fdatasync", v["fsync", "p50_us"] / 1000, v["fsync", "p99_us"] / 1000
    if (seen["scale-digests"]) {
      printf "\n%-44s %s\n", "scale (10,000 people, 1.3M check-ins)", "result"
      if (seen["scale-generate"]) printf "%-44s %.1f s, %s MB file\n", "generate the database", v["scale-generate", "seconds"], v["scale-generate", "db_mb"]
      printf "%-44s %.2f s wall, %.2f s CPU\n", "every weekly digest + monthly summary", v["scale-digests", "seconds"], v["scale-digests", "cpu_s"]
      if (seen["scale-tree"]) printf "%-44s %.1f ms (median %.1f ms)\n", "dashboard tree (/d/), built and rendered", v["scale-tree", "min_ms"], v["scale-tree", "median_ms"]
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
    h0 = v["history-0", "p50_us"]
    if (seen["history-50k"] && h0 > 0) printf "  history: p50 with 50,000 team check-ins <= 1.5x none: %s (%.2fx)\n", (v["history-50k", "p50_us"] <= 1.5 * h0 && bad["history-50k"] + bad["history-0"] == 0) ? "met" : "NOT met", v["history-50k", "p50_us"] / h0
    if (seen["history-1m"] && h0 > 0) printf "  history: p50 with 1,000,000 workspace check-ins <= 1.5x none: %s (%.2fx)\n", (v["history-1m", "p50_us"] <= 1.5 * h0 && bad["history-1m"] == 0) ? "met" : "NOT met", v["history-1m", "p50_us"] / h0
    f99 = v["fsync", "p99_us"]
    split("checkin api-checkin busy-team", durable, " ")
    for (d = 1; d <= 3; d++) {
      l = durable[d]
      if (seen[l] && b > 0) printf "  durable %s >= 0.5x baseline, p99 <= fsync p99 + 2 ms: %s (%.2fx, p99 %.2f ms, fsync p99 %.2f ms)\n", l, (v[l, "rps"] >= 0.5 * b && v[l, "p99_us"] <= f99 + 2000 && bad[l] == 0) ? "met" : "NOT met", v[l, "rps"] / b, v[l, "p99_us"] / 1000, f99 / 1000
    }
    if (seen["list"] && b > 0) printf "  show and list >= 0.7x baseline: %s (show %.2fx, list %.2fx)\n", (v["list", "rps"] >= 0.7 * b && v["show", "rps"] >= 0.7 * b && bad["list"] + bad["show"] == 0) ? "met" : "NOT met", v["show", "rps"] / b, v["list", "rps"] / b
    if (seen["scale-digests"]) printf "  all digests <= 1.2x the raw scan (CPU) and < 2 s wall: %s (%.2fx, %.2f s wall)\n", (v["scale-ratio", "ratio"] <= 1.2 && v["scale-digests", "seconds"] < 2) ? "met" : "NOT met", v["scale-ratio", "ratio"], v["scale-digests", "seconds"]
    if (seen["scale-startup"]) {
      printf "  start-up < 100 ms on the scale database: %s (%.1f ms)\n", (v["scale-startup", "startup_ms"] < 100) ? "met" : "NOT met", v["scale-startup", "startup_ms"]
      printf "  idle RSS < 20 MB: %s (%.1f MB; %.1f MB with 1,000 connections)\n", (v["scale-startup", "rss_idle_kb"] < 20 * 1024) ? "met" : "NOT met", v["scale-startup", "rss_idle_kb"] / 1024, v["scale-startup", "rss_conn_kb"] / 1024
    }
  }' "$RESULTS"
