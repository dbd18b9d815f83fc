#!/usr/bin/env bash
# goalpost developer entry point: installs what is missing, builds, then serves or tests.
#   ./dev.sh serve [goalpost serve args]   build and run the service on ./goalpost.db
#   ./dev.sh test                          build and run the whole test suite (ctest)
#   ./dev.sh test-sanitize                 the same suite under ASan + UBSan (build-asan/)
#   ./dev.sh ci                            test, test-sanitize, then fuzz/run.sh 15 (what CI runs)
#   ./dev.sh build                         build only
#   ./dev.sh deps                          install the Debian packages only
set -euo pipefail
cd "$(dirname "$0")"

BUILD_DIR=${GOALPOST_BUILD_DIR:-build}
BUILD_TYPE=${GOALPOST_BUILD_TYPE:-RelWithDebInfo}
PACKAGES=(
  g++ make cmake
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev libboost-test1.81-dev
  libsqlite3-dev sqlite3 libpq-dev postgresql-15 libssl-dev openssl libfmt-dev libhowardhinnant-date-dev tzdata
  ca-certificates curl
  python3 python3-jsonschema
  chromium
)

deps() {
  local missing=()
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "dev.sh: installing ${missing[*]}" >&2
  local sudo=()
  [ "$(id -u)" -ne 0 ] && sudo=(sudo)
  "${sudo[@]}" apt-get update -q
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
}

build() {
  cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE="$BUILD_TYPE" >/dev/null
  cmake --build "$BUILD_DIR" -j"$(nproc)"
}

cmd=${1:-}
[ $# -gt 0 ] && shift
case "$cmd" in
  deps) deps ;;
  build) deps; build ;;
  serve)
    deps; build
    exec "$BUILD_DIR/bot/goalpost" serve --config config/goalpost.sample.json "$@" ;;
  test)
    deps; build
    ctest --test-dir "$BUILD_DIR" --output-on-failure -j"$(nproc)" "$@" ;;
  test-sanitize)
    # Every library and test compiled with -fsanitize=address,undefined; the first report
    # fails the test that hit it.
    deps
    BUILD_DIR=${GOALPOST_ASAN_BUILD_DIR:-build-asan}
    BUILD_TYPE=${GOALPOST_ASAN_BUILD_TYPE:-RelWithDebInfo}
    cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE="$BUILD_TYPE" -DGOALPOST_SANITIZE=ON >/dev/null
    cmake --build "$BUILD_DIR" -j"$(nproc)"
    ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:detect_stack_use_after_return=1} \
    UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} \
      ctest --test-dir "$BUILD_DIR" --output-on-failure -j"$(nproc)" "$@" ;;
  ci)
    started=$(date +%s)
    ./dev.sh test
    # Under the sanitizers PostgreSQL runs its own suites (storage, three instances); the
    # command, edge and end-to-end suites over PostgreSQL exercise the same code as over SQLite, which the
    # sanitizers see already, so they run in `test` only.
    # The browser test checks pages in Chromium, whose code the sanitizers do not see.
    ./dev.sh test-sanitize -E '^((core|bot|e2e)_tests_postgresql|dashboard_browser_tests)$'
    fuzz/run.sh 15
    echo "dev.sh ci: test, test-sanitize and fuzz/run.sh 15 passed in $(($(date +%s) - started)) s" ;;
  *)
    echo "usage: ./dev.sh serve | test | test-sanitize | ci | build | deps" >&2
    exit 2 ;;
esac
