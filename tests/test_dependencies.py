"""Every third-party module the code imports is declared in pyproject.toml: the app and
indexer's among the runtime dependencies, the tests' among the `test` extra."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The project's own packages, and the helper modules of tests/ (conftest, gold_cut …).
OWN = {"indexer", "searchapp", "bench", "tests"} | {p.stem for p in (ROOT / "tests").glob("*.py")}


def _imported(folders: list[str]) -> set[str]:
    found = set()
    for folder in folders:
        for path in (ROOT / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    found |= {a.name.split(".")[0] for a in node.names}
                elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
                    found.add(node.module.split(".")[0])
    return {m for m in found if m not in sys.stdlib_module_names and m not in OWN}


def _names(requirements: list[str]) -> set[str]:
    return {re.split(r"[<>=!~\[ ;]", r, maxsplit=1)[0].lower().replace("_", "-") for r in requirements}


def _undeclared(modules: set[str], declared: set[str]) -> list[str]:
    dists = packages_distributions()
    missing = []
    for module in sorted(modules):
        names = {d.lower().replace("_", "-") for d in dists.get(module, [module])}
        if not names & declared:
            missing.append(f"{module} (from {', '.join(sorted(names))})")
    return missing


PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def test_every_module_the_code_imports_is_a_runtime_dependency():
    modules = _imported(["indexer", "searchapp"])
    assert {"click", "werkzeug", "whoosh", "jieba"} <= modules  # the reader sees them
    assert _undeclared(modules, _names(PROJECT["dependencies"])) == []


def test_every_module_the_benchmark_imports_is_declared():
    declared = _names(PROJECT["dependencies"] + PROJECT["optional-dependencies"]["bench"])
    assert _undeclared(_imported(["bench"]), declared) == []


def test_every_module_the_tests_import_is_declared():
    declared = _names(PROJECT["dependencies"] + PROJECT["optional-dependencies"]["test"])
    assert _undeclared(_imported(["tests"]), declared) == []
