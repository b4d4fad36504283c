"""Shared scaffolding of the notebook builders (``scripts/build_nb0*.py``): collect cells, write the notebook.

Each builder calls :func:`md` and :func:`code` in the chapter's order, then :func:`write` with the notebook's
file name; the notebook is generated, so a change to a chapter is a change to its builder.
"""

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

cells: list = []


def md(s: str) -> None:
    cells.append(new_markdown_cell(s.strip("\n")))


def code(s: str, tags: list[str] | None = None) -> None:
    c = new_code_cell(s.strip("\n"))
    if tags:
        c.metadata["tags"] = tags
    cells.append(c)


def write(name: str) -> Path:
    """Write the collected cells to ``notebooks/<name>`` and return its path."""
    for i, c in enumerate(cells):  # stable ids: regenerating an unchanged chapter changes no byte
        c["id"] = f"c{i:03d}"
    nb = new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
    nb.metadata["language_info"] = {"name": "python"}
    out = Path(__file__).resolve().parents[1] / "notebooks" / name
    nbformat.write(nb, out)
    print(f"wrote {out}")
    return out
