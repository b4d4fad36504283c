"""Show every executed notebook as a reader wants it: code folded, run settings as one table.

The executed notebooks under ``book/notebooks/`` stay as papermill wrote them; this extension
changes only what the book renders. When Sphinx reads a notebook it

- tags every code cell ``hide-input`` (folded behind a toggle; the output stays visible),
- removes the ``parameters`` cell and papermill's ``injected-parameters`` cell: the chapter shows
  the run's settings once, as a table printed by the notebook itself.
"""

from __future__ import annotations

import json

_REMOVE = {"parameters", "injected-parameters"}
_ALREADY = {"remove-cell", "remove-input", "hide-input", "hide-cell", "remove-output", "hide-output"}


def reader_view(nb: dict) -> dict:
    """The notebook (as a JSON dict) with reader-view tags added to its code cells."""
    for cell in nb.get("cells", []):
        if cell.get("cell_type") != "code":
            continue
        tags = cell.setdefault("metadata", {}).setdefault("tags", [])
        if _REMOVE & set(tags):
            tags.append("remove-cell")
        elif not _ALREADY & set(tags):
            tags.append("hide-input")
    return nb


def _source_read(app, docname, source):
    path = app.env.doc2path(docname)
    if not str(path).endswith(".ipynb"):
        return
    source[0] = json.dumps(reader_view(json.loads(source[0])))


def setup(app):
    app.connect("source-read", _source_read)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
