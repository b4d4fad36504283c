"""Make Debian's WordNet 3.0 (``wordnet-base``) readable by NLTK, with no download.

NLTK will not read ``/usr/share/wordnet`` directly: it wants the files under
``<nltk_data>/corpora/wordnet/`` (real copies) plus a ``lexnames`` file that Debian
ships only inside a man page. ``make setup`` calls :func:`install_wordnet`.
"""

from __future__ import annotations

import gzip
import re
import shutil
import sys
from pathlib import Path

DEBIAN_WORDNET = Path("/usr/share/wordnet")
LEXNAMES_MAN = Path("/usr/share/man/man5/lexnames.5WN.gz")


def default_nltk_data() -> Path:
    """``<sys.prefix>/share/nltk_data``: on NLTK's search path, inside the project's virtual environment."""
    return Path(sys.prefix) / "share" / "nltk_data"


def lexnames_from_man(man_page: Path = LEXNAMES_MAN) -> str:
    """The 45 ``NN<TAB>name<TAB>pos`` lines NLTK expects, parsed from the lexnames(5WN) man page."""
    text = gzip.decompress(man_page.read_bytes()).decode("utf-8", "replace")
    pos = {"adj": 3, "adv": 4, "noun": 1, "verb": 2}
    lines = []
    for m in re.finditer(r"^(\d\d)\t(\w+)\.(\w+) *\t", text, flags=re.M):
        num, kind, name = m.groups()
        lines.append(f"{num}\t{kind}.{name}\t{pos[kind]}")
    if len(lines) != 45:
        raise RuntimeError(f"{man_page}: expected 45 lexicographer files, parsed {len(lines)}")
    return "\n".join(lines) + "\n"


def install_wordnet(dest: Path | None = None) -> Path:
    """Copy WordNet into ``<dest>/corpora/wordnet`` and write ``lexnames``; return that folder."""
    if not DEBIAN_WORDNET.exists():
        raise FileNotFoundError(
            f"{DEBIAN_WORDNET} is missing: install Debian's WordNet with "
            "`apt-get install --no-install-recommends wordnet-base` (make setup does this when run as root)."
        )
    target = (dest or default_nltk_data()) / "corpora" / "wordnet"
    target.mkdir(parents=True, exist_ok=True)
    for f in DEBIAN_WORDNET.iterdir():
        if f.is_file():
            shutil.copyfile(f, target / f.name)  # real copies: NLTK's reader rejects some links
    (target / "lexnames").write_text(lexnames_from_man())
    return target
