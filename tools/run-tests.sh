#!/usr/bin/env bash
# tools/run-tests.sh: README command (b), and what .ci/run calls. Installs
# what is missing, builds with -Werror and runs every test (GUI tests in a
# real window under Xvfb), then builds and runs them all again under
# AddressSanitizer + UBSan. Ends with "N passed, N failed, N skipped" and
# exits non-zero if anything failed.
set -uo pipefail
cd "$(dirname "$0")/.."
tools/install-deps.sh || { echo "dependency installation failed"; echo "0 passed, 1 failed"; exit 1; }

XVFB=(xvfb-run -a -s "-screen 0 1280x800x24")
status=0
logs=()

run_suite () {
  local dir=$1; shift
  if [ -f "$dir/build.ninja" ]; then
    meson setup --reconfigure "$dir" "$@" >/dev/null || return 1
  else
    meson setup "$dir" "$@" >/dev/null || return 1
  fi
  ninja -C "$dir" || return 1
  "${XVFB[@]}" meson test -C "$dir" --print-errorlogs --num-processes 2 || true
  logs+=("$dir/meson-logs/testlog.json")
}

run_suite build-ci --werror --buildtype=debugoptimized || status=1
run_suite build-asan --werror --buildtype=debug -Db_sanitize=address,undefined -Db_lundef=false || status=1

# libFuzzer targets (tests/fuzz): each runs about 4 s on its seed corpus,
# which holds every crash found so far. Only the targets are built, so this
# clang tree costs the core library and nothing else.
run_fuzz () {
  local dir=build-fuzz
  if [ -f "$dir/build.ninja" ]; then
    meson setup --reconfigure "$dir" >/dev/null || return 1
  else
    CC=clang meson setup "$dir" -Dfuzz=true -Dgui_tests=false --buildtype=debugoptimized \
      -Db_sanitize=address,undefined -Db_lundef=false >/dev/null || return 1
  fi
  ninja -C "$dir" fuzz || return 1
  meson test -C "$dir" --suite fuzz --no-rebuild --print-errorlogs --num-processes 2 || true
  logs+=("$dir/meson-logs/testlog.json")
}
run_fuzz || status=1

# Valgrind over the CLI on a demo case (issue 7): each command is one test in
# the tally, failed by any memory error or definite leak outside the
# one-time library caches of tests/valgrind.supp. About 2 minutes.
run_valgrind () {
  local bin=build-ci/src/corridor log=build-ci/meson-logs/valgrind.json tmp
  [ -x "$bin" ] || return 1
  tmp=$(mktemp -d) || return 1
  : > "$log"
  local -a cmds=(
    "demo $tmp/demo.corridor"
    "shipments $tmp/demo.corridor"
    "actors $tmp/demo.corridor --format csv"
    "messages $tmp/demo.corridor --search Antwerp"
    "render $tmp/demo.corridor -o $tmp/x.png"
    "export $tmp/demo.corridor --format geojson -o $tmp/x.geojson"
    "brief $tmp/demo.corridor -o $tmp/x.pdf"
  )
  "$bin" audit --help >/dev/null 2>&1 && cmds+=("audit $tmp/demo.corridor --verify")
  for c in "${cmds[@]}"; do
    local name=${c%% *} result=OK
    # shellcheck disable=SC2086
    if ! CORRIDOR_MAPS_DIR="$PWD/maps" CORRIDOR_MODULE_DIR="$PWD/build-ci/src" \
        valgrind -q --error-exitcode=99 --leak-check=full --show-leak-kinds=definite \
        --errors-for-leak-kinds=definite --num-callers=30 \
        --suppressions=tests/valgrind.supp "$bin" $c >"$tmp/$name.out" 2>"$tmp/$name.err"; then
      result=FAIL
      echo "valgrind: corridor $c failed:"; tail -n 60 "$tmp/$name.err"
    fi
    echo "valgrind corridor $name: $result"
    printf '{"name": "valgrind %s", "result": "%s"}\n' "$name" "$result" >> "$log"
  done
  rm -rf "$tmp"
  logs+=("$log")
}
command -v valgrind >/dev/null && { run_valgrind || status=1; }

python3 - "$status" "${logs[@]}" <<'PY'
import json, sys
build_failed = int(sys.argv[1])
passed = failed = skipped = 0
for path in sys.argv[2:]:
    try:
        lines = open(path).read().splitlines()
    except OSError:
        failed += 1
        continue
    for line in lines:
        if not line.strip():
            continue
        r = json.loads(line).get("result")
        if r in ("OK", "EXPECTEDFAIL"):
            passed += 1
        elif r == "SKIP":
            skipped += 1
        else:
            failed += 1
failed += build_failed
print(f"{passed} passed, {failed} failed, {skipped} skipped")
sys.exit(1 if failed else 0)
PY
