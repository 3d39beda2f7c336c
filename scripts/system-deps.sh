#!/usr/bin/env bash
# Makes sure the system programs a target needs are on PATH, installing the missing ones
# with apt-get when this machine has it and we may use it (root, or passwordless sudo).
# Otherwise it names exactly what to install and exits 1.
#   usage: scripts/system-deps.sh redis-server promtool [prometheus alertmanager]
set -euo pipefail

package_for() {
  case "$1" in
    redis-server) echo redis-server ;;
    prometheus | promtool) echo prometheus ;;
    alertmanager | amtool) echo prometheus-alertmanager ;;
    chromium) echo chromium ;;
    *) echo "$1" ;;
  esac
}

brew_for() {
  case "$1" in
    redis-server) echo redis ;;
    prometheus | promtool) echo prometheus ;;
    alertmanager | amtool) echo alertmanager ;;
    *) echo "$1" ;;
  esac
}

# Debian names the Alertmanager binary prometheus-alertmanager; Homebrew calls it alertmanager.
have() {
  case "$1" in
    alertmanager) command -v alertmanager >/dev/null 2>&1 || command -v prometheus-alertmanager >/dev/null 2>&1 ;;
    *) command -v "$1" >/dev/null 2>&1 ;;
  esac
}

missing=()
for cmd in "$@"; do
  have "$cmd" || missing+=("$cmd")
done
[ ${#missing[@]} -eq 0 ] && exit 0

packages=()
for cmd in "${missing[@]}"; do
  p=$(package_for "$cmd")
  [[ " ${packages[*]-} " == *" $p "* ]] || packages+=("$p")
done

sudo=""
if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo="sudo -n"; fi

if command -v apt-get >/dev/null 2>&1 && { [ "$(id -u)" -eq 0 ] || [ -n "$sudo" ]; }; then
  echo "firedrill: installing ${packages[*]} with apt-get (missing: ${missing[*]}) ..."
  export DEBIAN_FRONTEND=noninteractive
  # Package lists may be absent on a fresh image; refresh once, quietly.
  $sudo apt-get update -qq >/dev/null
  $sudo apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
  still=()
  for cmd in "${missing[@]}"; do have "$cmd" || still+=("$cmd"); done
  if [ ${#still[@]} -eq 0 ]; then
    echo "firedrill: installed ${packages[*]}"
    exit 0
  fi
  missing=("${still[@]}")
fi

brews=()
for cmd in "${missing[@]}"; do brews+=("$(brew_for "$cmd")"); done
{
  echo "firedrill: missing programs: ${missing[*]}"
  echo "  Debian/Ubuntu: sudo apt-get install ${packages[*]}"
  echo "  macOS:         brew install ${brews[*]}"
  echo "  then run the make target again."
} >&2
exit 1
