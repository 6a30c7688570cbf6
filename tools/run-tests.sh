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
