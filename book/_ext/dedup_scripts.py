"""Drop repeated inline scripts from every page.

Jupyter Book 1.0.4 with sphinx-thebe 0.3.1 writes thebe's configuration script twice on
every page, and the browser then reports "Identifier 'THEBE_JS_URL' has already been
declared". ``launch_buttons: thebe: false`` does not remove it, so this extension keeps
only the first copy of each script in the page context.
"""

from __future__ import annotations


def _dedup(app, pagename, templatename, context, doctree):
    scripts = context.get("script_files")
    if not scripts:
        return
    seen, kept = set(), []
    for js in scripts:
        # The copies differ in how they spell "no file" (None or ""), so compare by content only.
        key = (str(getattr(js, "filename", js) or ""), tuple(sorted(getattr(js, "attributes", {}).items())))
        if key in seen:
            continue
        seen.add(key)
        kept.append(js)
    context["script_files"] = kept


def setup(app):
    app.connect("html-page-context", _dedup, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
