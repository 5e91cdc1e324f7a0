"""The search engine's boundary (archive/search/backend.py): only the backend's modules import
Whoosh, and the query layer neither imports them nor needs Whoosh to load."""

import ast
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENGINE = {"archive/search/backend.py", "archive/search/analysis.py", "archive/search/postings.py"}
BENCH = {"archive/bench/measure.py"}  # times raw Whoosh against our search, on purpose
QUERY_LAYER = ["archive.search", "archive.search.parse", "archive.search.query", "archive.search.highlight"]
QUERY_LAYER += ["archive.search.indexing"]
ENGINE_MODULES = {"whoosh", "archive.search.backend", "archive.search.analysis", "archive.search.postings"}


def imported(path: Path) -> set[str]:
    """Every module `path` imports, and every name it imports from one ("archive.search.backend")."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def of_engine(name: str) -> bool:
    return any(name == module or name.startswith(f"{module}.") for module in ENGINE_MODULES)


def test_only_the_backends_modules_import_whoosh():
    importing = {
        str(path.relative_to(ROOT))
        for path in (ROOT / "archive").rglob("*.py")
        if any(name == "whoosh" or name.startswith("whoosh.") for name in imported(path))
    }
    assert importing - BENCH <= ENGINE, importing - BENCH - ENGINE


def test_the_query_layer_imports_nothing_of_the_engine():
    for module in QUERY_LAYER:
        path = ROOT / (module.replace(".", "/") + ("/__init__.py" if module == "archive.search" else ".py"))
        assert not {name for name in imported(path) if of_engine(name)}, module


def test_the_query_layer_loads_without_whoosh():
    script = "; ".join(
        [
            "import sys",
            "sys.modules['whoosh'] = None",  # any import of whoosh now fails
            "import django",
            "django.setup()",
            *(f"import {module}" for module in QUERY_LAYER),
        ]
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings"}
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
