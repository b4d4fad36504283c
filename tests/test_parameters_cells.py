"""Every assignment in a notebook's parameters cell is a parameter papermill can override.

papermill skips, with only a log warning, any parameters-cell line holding more than one ``=`` (a comment
showing ``a=b`` is enough); ``-p name=...`` on such a parameter is then refused as unknown.
"""

import ast
import json

import papermill as pm
import pytest

from mhtext import paths

NOTEBOOKS = sorted(paths.ROOT.glob("notebooks/*.ipynb"))


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda p: p.stem)
def test_papermill_sees_every_parameter(nb):
    cell = next(c for c in json.loads(nb.read_text())["cells"] if "parameters" in c.get("metadata", {}).get("tags", []))
    assigned = {t.id for node in ast.parse("".join(cell["source"])).body if isinstance(node, ast.Assign)
                for t in node.targets if isinstance(t, ast.Name)}
    seen = set(pm.inspect_notebook(str(nb)))
    assert assigned == seen, f"{nb.name}: papermill cannot parse {sorted(assigned - seen)} (a second '=' on the line?)"
