"""The package layout is the architecture: imports run one way between the layers.

``cli -> reports -> workflows -> rating -> data -> stats``: a package may import itself and the
packages after it in that chain, except that ``data`` is for ``rating`` and ``workflows`` only
(reports and the command line see data through the rating results and the workflows). Every
package may import the two leaves, ``findings`` and ``errors``, which import nothing of ours.
Checked on the source text (every ``import``, also inside functions), so a lazy import
cannot hide a wrong-way dependency.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "kinship_evidence"
LEAVES = {"findings", "errors"}
ALLOWED = {
    "stats": {"stats"},
    "data": {"data", "stats"},
    "rating": {"rating", "data", "stats"},
    "workflows": {"workflows", "rating", "data", "stats"},
    "reports": {"reports", "workflows", "rating", "stats"},
    "cli": {"cli", "reports", "workflows", "stats"},
    "findings": set(),
    "errors": set(),
}


def _layer(path: Path) -> str:
    relative = path.relative_to(PACKAGE)
    return relative.parts[0].removesuffix(".py")


def _imported_layers(path: Path) -> set[tuple[str, int]]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
            if node.module == "kinship_evidence":
                names = [f"kinship_evidence.{alias.name}" for alias in node.names]
        for name in names:
            parts = name.split(".")
            if parts[0] == "kinship_evidence" and len(parts) > 1:
                found.add((parts[1], node.lineno))
    return found


MODULES = sorted(p for p in PACKAGE.rglob("*.py") if p.parent != PACKAGE or p.stem in ALLOWED)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_run_one_way(path):
    layer = _layer(path)
    allowed = ALLOWED[layer] | (LEAVES if layer not in LEAVES else set())
    wrong = sorted(f"line {line}: imports {target}" for target, line in _imported_layers(path) if target not in allowed | {"__version__"})
    assert not wrong, f"{path.relative_to(PACKAGE)} ({layer}) may import only {sorted(allowed)}: {wrong}"


def test_every_package_is_in_the_layer_order():
    packages = {p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert packages <= set(ALLOWED), f"add {sorted(packages - set(ALLOWED))} to the layer order"


def test_the_checker_sees_a_wrong_way_import(tmp_path):
    module = tmp_path / "bad.py"
    module.write_text("def f():\n    from kinship_evidence.cli.app import app\n")
    assert ("cli", 2) in _imported_layers(module)


def test_no_module_is_much_over_300_lines():
    long = {str(p.relative_to(PACKAGE)): n for p in PACKAGE.rglob("*.py") if (n := len(p.read_text().splitlines())) > 350}
    assert not long, f"split these modules: {long}"
