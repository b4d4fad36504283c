"""The built book as a reader sees it: every page opened in headless Chromium (Debian's, via Playwright).

The checks live in ``tests/book_check.py``; here they run on the real book (marked ``book``: it needs the
session's smoke run and book build) and on a tiny hand-written folder that holds one of each fault.
"""

import shutil

import book_check
import pytest

from mhtext import paths


def _chromium():
    pytest.importorskip("playwright.sync_api")
    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.skip("Debian's chromium is not installed (make setup installs it)")
    return chromium


@pytest.mark.book
def test_book_opens_clean_in_a_browser(built_book):
    """Every page loads with no console or page error, no request off the machine, every image shown, and every
    internal link and #anchor resolving; a full-page screenshot of each lands in _build/screenshots/ (copied to the
    repository's book/_build/screenshots/)."""
    chromium = _chromium()
    shots = built_book.parent / "screenshots"
    problems = book_check.check_book(built_book, shots, chromium=chromium)
    assert not problems, f"{len(problems)} problem(s) in the built book {built_book}:\n" + "\n".join(problems)
    pages = book_check.content_pages(built_book)
    assert len(pages) >= 7, f"only {len(pages)} pages found under {built_book}"
    assert sorted(p.name for p in shots.glob("*.png")) == sorted(book_check.screenshot_name(built_book, p)
                                                                 for p in pages)
    # The book was built in a temporary copy: keep the screenshots where a reviewer looks, book/_build/screenshots.
    kept = paths.ROOT / "book" / "_build" / "screenshots"
    shutil.rmtree(kept, ignore_errors=True)
    shutil.copytree(shots, kept)


def test_checker_reports_broken_image_dead_anchor_and_remote_script(tmp_path):
    """A hand-written two-page site with one of each fault: each is reported, with its page; the clean page is not."""
    chromium = _chromium()
    site = tmp_path / "html"
    (site / "sub").mkdir(parents=True)
    # A real 1x1 PNG, so the good image loads and only the missing one is reported.
    png = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000 1f15c4890000000d49444154789c6360"
                        "000000000500010d0a2db40000000049454e44ae426082".replace(" ", ""))
    (site / "ok.png").write_bytes(png)
    (site / "sub" / "target.html").write_text('<!doctype html><title>t</title><h1 id="here">t</h1>'
                                              '<a href="../index.html#top">back</a><img src="../ok.png">')
    (site / "index.html").write_text(
        '<!doctype html><title>i</title><h1 id="top">i</h1><img src="ok.png"><img src="missing.png">'
        '<a href="sub/target.html#here">good</a><a href="sub/target.html#nowhere">dead anchor</a>'
        '<a href="gone.html">dead page</a><a href="#top">self</a><a href="https://example.org/">reader link</a>'
        '<script src="https://cdn.example.invalid/lib.js"></script>')
    problems = book_check.check_book(site, tmp_path / "shots", chromium=chromium, timeout_ms=5000)
    text = "\n".join(problems)
    assert any(p.startswith("index.html: image did not load: missing.png") for p in problems), text
    assert any(p.startswith("index.html: link 'sub/target.html#nowhere'") and "'nowhere'" in p for p in problems), text
    assert any(p.startswith("index.html: link 'gone.html': no file") for p in problems), text
    assert any(p.startswith("index.html: remote request https://cdn.example.invalid/lib.js") for p in problems), text
    assert not [p for p in problems if p.startswith("sub/target.html")], text
    assert "ok.png" not in text and "#here" not in text and "'#top'" not in text and "example.org" not in text, text
    assert {p.name for p in (tmp_path / "shots").iterdir()} == {"index.png", "sub__target.png"}
