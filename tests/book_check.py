"""Open every page of a built HTML book in headless Chromium and list what a reader would see broken.

Used by ``tests/test_book_browser.py`` on the real book and on a tiny hand-written folder. Chromium is
Debian's ``/usr/bin/chromium`` driven by Playwright through ``executable_path``; ``playwright install``
(which downloads a browser) is never needed.
"""

from __future__ import annotations

import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

# Pages Sphinx writes that are not the book's content: the index and search pages build themselves in JS.
SKIPPED_PAGES = {"genindex.html", "search.html"}
# Schemes that never leave the machine; anything else (http, https, ws, ...) is a remote request.
LOCAL_SCHEMES = {"file", "data", "blob", "about"}
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]

# Every <img> after the page has loaded: lazy ones are switched to eager and awaited (a few seconds at most),
# so an image below the fold is checked too. naturalWidth is 0 when the file is missing or not an image.
_BROKEN_IMAGES_JS = """async () => {
  const imgs = Array.from(document.images);
  imgs.forEach(img => { if (img.loading === 'lazy') img.loading = 'eager'; });
  await Promise.all(imgs.map(img => img.complete ? null : new Promise(done => {
    img.addEventListener('load', done, {once: true});
    img.addEventListener('error', done, {once: true});
    setTimeout(done, 5000);
  })));
  return imgs.filter(img => img.naturalWidth === 0).map(img => img.getAttribute('src') || '(no src)');
}"""
# Each link as written (for the message) and as the browser resolved it (for the check).
_LINKS_JS = "() => Array.from(document.querySelectorAll('a[href]')).map(a => [a.getAttribute('href'), a.href])"


class _Ids(HTMLParser):
    """Collects every ``id`` (and old-style ``<a name>``) a page defines: the targets a ``#fragment`` may name."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        for key, value in attrs:
            if value and (key == "id" or (key == "name" and tag == "a")):
                self.ids.add(value)


def page_ids(path: Path, cache: dict[Path, set[str]] | None = None) -> set[str]:
    """The ids defined in the HTML file ``path`` (read once per ``cache``)."""
    cache = {} if cache is None else cache
    if path not in cache:
        parser = _Ids()
        parser.feed(path.read_text(errors="replace"))
        cache[path] = parser.ids
    return cache[path]


def content_pages(html_root: Path) -> list[Path]:
    """Every HTML page under ``html_root`` a reader opens: not ``_static``, the general index or search."""
    return [p for p in sorted(html_root.rglob("*.html"))
            if "_static" not in p.relative_to(html_root).parts and p.name not in SKIPPED_PAGES]


def screenshot_name(html_root: Path, page: Path) -> str:
    """``notebooks/00-data.html`` -> ``notebooks__00-data.png``."""
    return page.relative_to(html_root).with_suffix("").as_posix().replace("/", "__") + ".png"


def dead_links(links: list[list[str]], ids: dict[Path, set[str]]) -> list[str]:
    """Problems among ``[href as written, href resolved]`` pairs: a local target file that does not exist, or a
    ``#fragment`` into a local HTML page that has no element with that id. Remote and ``mailto:`` links are
    readers' links, not requests, and are not checked here."""
    problems = []
    for written, resolved in links:
        url = urlsplit(resolved)
        if url.scheme != "file":
            continue
        target = Path(unquote(url.path))
        if target.is_dir():
            target = target / "index.html"
        if not target.exists():
            problems.append(f"link {written!r}: no file {target}")
            continue
        fragment = unquote(url.fragment)
        if fragment and target.suffix == ".html" and fragment not in page_ids(target, ids):
            problems.append(f"link {written!r}: {target.name} has no element with id {fragment!r}")
    return problems


def check_book(html_root: Path, screenshots: Path | None = None, *, chromium: str | None = None,
               timeout_ms: int = 15_000, settle_ms: int = 300) -> list[str]:
    """Open every content page of a built book and return one line per problem, each prefixed by its page.

    Parameters
    ----------
    html_root : Path
        The built HTML folder (``book/_build/html``).
    screenshots : Path, optional
        Where to write a full-page PNG of each page (``notebooks__00-data.png``); none when not given.
    chromium : str, optional
        The browser executable; Debian's ``chromium`` on PATH when not given.
    timeout_ms : int
        Longest wait for one page to load.
    settle_ms : int
        Pause after the load event, so scripts that run late (MathJax, the theme) can report errors.

    Returns
    -------
    list of str
        ``"<page>: <problem>"`` for each console error, page error, request that leaves the machine, image that
        did not load, link to a missing local file and ``#anchor`` with no such id in its target page.
    """
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    chromium = chromium or shutil.which("chromium")
    if chromium is None:
        raise FileNotFoundError("Debian's chromium is not on PATH: install it (make setup does, via "
                                "scripts/install-system-deps.sh)")
    if screenshots is not None:
        screenshots.mkdir(parents=True, exist_ok=True)
    problems: list[str] = []
    ids: dict[Path, set[str]] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            for path in content_pages(html_root):
                name = path.relative_to(html_root).as_posix()
                found: list[str] = []
                page = browser.new_page(viewport={"width": 1280, "height": 900})
                page.set_default_timeout(timeout_ms)
                page.on("console", lambda m, f=found: m.type == "error" and f.append(f"console error: {m.text}"))
                page.on("pageerror", lambda e, f=found: f.append(f"page error: {e}"))
                page.on("request", lambda r, f=found: urlsplit(r.url).scheme not in LOCAL_SCHEMES and f.append(
                    f"remote request {r.url}"))
                # The console's "Failed to load resource" does not say which; this names the local file.
                page.on("requestfailed", lambda r, f=found: urlsplit(r.url).scheme in LOCAL_SCHEMES and f.append(
                    f"could not load {r.url} ({r.failure})"))
                try:
                    page.goto(path.as_uri(), wait_until="load", timeout=timeout_ms)
                    page.wait_for_timeout(settle_ms)
                    found += [f"image did not load: {src}" for src in page.evaluate(_BROKEN_IMAGES_JS)]
                    found += dead_links(page.evaluate(_LINKS_JS), ids)
                    if screenshots is not None:
                        page.screenshot(path=str(screenshots / screenshot_name(html_root, path)), full_page=True)
                except PlaywrightError as err:  # a timeout is one too: report it for this page and go on
                    found.append(f"could not be checked: {str(err).splitlines()[0]}")
                finally:
                    page.close()
                problems += [f"{name}: {line}" for line in found]
        finally:
            browser.close()
    return problems
