"""The layers of ARCHITECTURE.md section 1: no module under skm/platform or skm/tenants imports skm.workers.

Features queue work by the task's name (skm/platform/background.enqueue), so the web process never
needs the workers' code. Only the app factory (skm/app.py, outside both folders) wires Celery.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SKM = Path(__file__).resolve().parents[2] / "skm"
WORKERS = "skm.workers"


def imported_modules(source: str) -> list[str]:
    """Every module ``source`` imports, at the top or inside a function (``from skm import workers`` too)."""
    names = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names += [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
    return names


def worker_imports(folder: Path) -> list[str]:
    """``path: module`` for each import of skm.workers in the Python files below ``folder``."""
    found = []
    for path in sorted(folder.rglob("*.py")):
        for name in imported_modules(path.read_text(encoding="utf-8")):
            if name == WORKERS or name.startswith(WORKERS + "."):
                found.append(f"{path.relative_to(folder)}: {name}")
    return found


@pytest.mark.parametrize("layer", ["platform", "tenants"])
def test_no_feature_imports_the_workers(layer):
    assert worker_imports(SKM / layer) == []


@pytest.mark.parametrize("source", [
    "from skm.workers.channels import sender_for",
    "import skm.workers.tasks.messages",
    "from skm import workers",
    "def preview():\n    from skm.workers.compose import compose\n",
])
def test_every_way_of_importing_the_workers_is_seen(tmp_path, source):
    (tmp_path / "feature.py").write_text(source, encoding="utf-8")
    hits = worker_imports(tmp_path)
    assert hits and all(hit.startswith("feature.py: skm.workers") for hit in hits)


def test_neighbours_of_the_workers_are_not_mistaken_for_them(tmp_path):
    (tmp_path / "feature.py").write_text("from skm.platform.background import enqueue\nimport skm.workersite\n",
                                         encoding="utf-8")
    assert worker_imports(tmp_path) == []
