#!/usr/bin/env bash
# tools/setup.sh: README command (a). Installs what is missing, builds into
# build/, and opens Corridor on the demo case (built on first use in the
# user data folder). The GSettings schema and maps come from the build tree
# through `meson devenv`, so nothing is installed system-wide.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/install-deps.sh
[ -f build/build.ninja ] || meson setup build
ninja -C build
exec meson devenv -C build corridor --demo "$@"
