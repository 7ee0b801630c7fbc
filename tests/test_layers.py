"""The package layout is the architecture: imports run one way between the layers.

This module is the single statement of what may import what.

``cli -> reports -> workflows -> rating -> data -> stats``: a package may import itself and the
packages after it in that chain, with one boundary inside ``data``: ``reports`` and ``cli`` may
import its read-only model types and vocabularies (``data.models`` and
``data.risk_of_bias.vocabulary``), never its loading, checking or validation, which they reach
through the workflows. Every package may import the leaves (``findings``, ``errors``,
``suggestions``, ``frozen``), which import nothing of ours but ``frozen`` (the class decorator). Checked on the source text (every ``import``,
also inside functions), so a lazy import cannot hide a wrong-way dependency.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "kinship_evidence"
TESTS = ROOT / "tests"
LEAVES = {"findings", "errors", "suggestions", "frozen"}
ALLOWED = {
    "stats": {"stats"},
    "data": {"data", "stats"},
    "rating": {"rating", "data", "stats"},
    "workflows": {"workflows", "rating", "data", "stats"},
    "reports": {"reports", "workflows", "rating", "stats"},
    "cli": {"cli", "reports", "workflows", "stats"},
    "findings": {"frozen"},
    "errors": {"frozen"},
    "suggestions": {"frozen"},
    "frozen": set(),
}
#: The read-only part of ``data`` that reports and the command line may import.
DATA_READ_ONLY = ("data.models", "data.risk_of_bias.vocabulary")
SEES_DATA_READ_ONLY = {"reports", "cli"}
MAX_MODULES_PER_FOLDER = 15


def _layer(path: Path) -> str:
    relative = path.relative_to(PACKAGE)
    return relative.parts[0].removesuffix(".py")


def _imported_modules(path: Path) -> set[tuple[str, int]]:
    """Every module of ours that ``path`` imports, without the package prefix, with its line."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
            if node.module == "kinship_evidence":
                names = [f"kinship_evidence.{alias.name}" for alias in node.names]
            elif node.module.startswith("kinship_evidence."):
                names = [f"{node.module}.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level:
            raise AssertionError(f"{path}: line {node.lineno}: use an absolute import")
        for name in names:
            parts = name.split(".")
            if parts[0] == "kinship_evidence" and len(parts) > 1:
                found.add((".".join(parts[1:]), node.lineno))
    return found


def _imported_layers(path: Path) -> set[tuple[str, int]]:
    return {(module.split(".")[0], line) for module, line in _imported_modules(path)}


def _wrong_imports(path: Path) -> list[str]:
    layer = _layer(path)
    allowed = ALLOWED[layer] | (LEAVES if layer not in LEAVES else set())
    wrong = []
    for module, line in sorted(_imported_modules(path)):
        target = module.split(".")[0]
        if target in allowed or target == "__version__":
            continue
        if target == "data" and layer in SEES_DATA_READ_ONLY and _is_read_only(module):
            continue
        wrong.append(f"line {line}: imports {module}")
    return wrong


def _is_read_only(module: str) -> bool:
    return any(module == part or module.startswith(part + ".") for part in DATA_READ_ONLY)


MODULES = sorted(p for p in PACKAGE.rglob("*.py") if p.parent != PACKAGE or p.stem in ALLOWED)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_run_one_way(path):
    wrong = _wrong_imports(path)
    assert not wrong, f"{path.relative_to(PACKAGE)} ({_layer(path)}) may not: {wrong}"


def test_every_package_is_in_the_layer_order():
    packages = {p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    modules = {p.stem for p in PACKAGE.glob("*.py") if not p.stem.startswith("_")}
    assert packages | modules <= set(ALLOWED), f"add {sorted((packages | modules) - set(ALLOWED))} to the layer order"


def test_the_checker_sees_a_wrong_way_import(tmp_path):
    module = tmp_path / "bad.py"
    module.write_text("def f():\n    from kinship_evidence.cli.app import app\n")
    assert ("cli", 2) in _imported_layers(module)


def test_reports_may_read_models_but_not_load_data(tmp_path):
    reports = PACKAGE / "reports" / "probe.py"
    cases = {
        "from kinship_evidence.data.models import Study\n": [],
        "from kinship_evidence.data.risk_of_bias.vocabulary import TOOLS\n": [],
        "from kinship_evidence.data.dataset import load_dataset\n": ["line 1: imports data.dataset.load_dataset"],
        "from kinship_evidence.data import dataset\n": ["line 1: imports data.dataset"],
        "from kinship_evidence.data.risk_of_bias import overall\n": ["line 1: imports data.risk_of_bias.overall"],
    }
    for source, expected in cases.items():
        probe = tmp_path / "probe.py"
        probe.write_text(source)
        # judge the probe as if it sat in reports/
        layer_path = reports
        found = []
        for module, line in sorted(_imported_modules(probe)):
            if module.split(".")[0] == "data" and not _is_read_only(module):
                found.append(f"line {line}: imports {module}")
        assert found == expected, (source, found)
        assert _layer(layer_path) == "reports"


def test_no_module_is_much_over_300_lines():
    long = {str(p.relative_to(PACKAGE)): n for p in PACKAGE.rglob("*.py") if (n := len(p.read_text().splitlines())) > 350}
    assert not long, f"split these modules: {long}"


def test_no_folder_is_a_long_flat_list():
    crowded = {
        str(folder.relative_to(PACKAGE)): count
        for folder in [PACKAGE, *(p for p in PACKAGE.rglob("*") if p.is_dir())]
        if (count := len([m for m in folder.glob("*.py") if m.stem != "__init__"])) > MAX_MODULES_PER_FOLDER
    }
    assert not crowded, f"group these folders' modules into sub-packages by concern: {crowded}"


def test_tests_mirror_the_source_tree():
    """Every test folder names a package of the source (fixture folders aside)."""
    source_packages = {
        p.relative_to(PACKAGE) for p in PACKAGE.rglob("*") if p.is_dir() and (p / "__init__.py").exists()
    }
    test_folders = {p.parent.relative_to(TESTS) for p in TESTS.rglob("test_*.py")} - {Path(".")}
    stray = sorted(str(folder) for folder in test_folders if folder not in source_packages)
    assert not stray, f"these test folders name no source package: {stray}"
