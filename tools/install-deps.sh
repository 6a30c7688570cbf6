#!/usr/bin/env bash
# tools/install-deps.sh: installs, with apt-get, the Debian 12 packages that
# building, running and testing Corridor need, and nothing when all are
# already there. Run as root (or with sudo available).
set -euo pipefail
PKGS=(
  build-essential meson ninja-build pkg-config gettext
  libgtk-4-dev libadwaita-1-dev libshp-dev libsqlite3-dev libproj-dev libpng-dev libjson-glib-dev libgdal-dev
  libarchive-dev libxml2-dev libyajl-dev
  libxml2-utils librsvg2-common fonts-dejavu-core
  xvfb xauth xdotool imagemagick poppler-utils gdal-bin sqlite3
  desktop-file-utils appstream valgrind
  clang libclang-rt-14-dev llvm
)
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "Installing: ${missing[*]}" >&2
$SUDO apt-get update -q
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends "${missing[@]}"
