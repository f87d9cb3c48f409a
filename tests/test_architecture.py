"""The layout keeps its promises: stages import one way, no cycles, the app only presents.

Read from the source with ``ast`` (every import, module-level or inside a
function), so a lazy import cannot hide a cycle.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("indexer", "searchapp")
# A stage may import the stages to its left, never those to its right.
LAYERS = ("indexer.fold", "indexer.wordlists", "indexer.ingest", "indexer.storage", "indexer.search", "indexer.cli")


def _modules() -> dict[str, Path]:
    out = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            out[".".join(parts)] = path
    return out


def _imports(name: str, path: Path, known: set[str]) -> set[str]:
    """Return the project modules that module `name` imports."""
    found = set()
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in known else base for a in node.names]
        else:
            continue
        for target in targets:
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


def import_graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: _imports(name, path, set(modules)) for name, path in modules.items()}


def _external_imports(path: Path) -> set[str]:
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            out.add(node.module.split(".")[0])
    return out


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Return the strongly connected components with more than one module (Tarjan)."""
    index, low, stack, on_stack, out, counter = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def _layer(module: str) -> int | None:
    for i, prefix in enumerate(LAYERS):
        if module == prefix or module.startswith(prefix + "."):
            return i
    return None


def test_no_module_of_indexer_or_searchapp_is_part_of_an_import_cycle():
    assert _cycles(import_graph()) == []


def test_each_stage_imports_only_the_stages_before_it():
    wrong = []
    for module, targets in import_graph().items():
        mine = _layer(module)
        for target in targets:
            theirs = _layer(target)
            if mine is not None and theirs is not None and theirs > mine:
                wrong.append(f"{module} -> {target}")
            if module.startswith("indexer") and target.startswith("searchapp"):
                wrong.append(f"{module} -> {target}")
    assert wrong == []


def test_the_graph_reader_sees_the_imports_that_exist():
    graph = import_graph()
    assert "indexer.storage.reader" in graph["indexer.search.engine"]
    assert "indexer.ingest.articles" in graph["indexer.storage.indexing"]


def test_workbench_views_import_neither_numpy_nor_whoosh():
    views = ROOT / "searchapp" / "views"
    for name in ("trend", "kwic", "export", "downloads", "counts"):
        path = views / f"{name}.py"
        if path.exists():
            assert not _external_imports(path) & {"numpy", "whoosh"}, name


def test_no_module_under_searchapp_imports_numpy_or_whoosh():
    """The app only presents: every computation is a library call (issue 9, outcome 3)."""
    modules = sorted((ROOT / "searchapp").rglob("*.py"))
    assert len(modules) > 5
    wrong = {path.relative_to(ROOT).as_posix(): sorted(_external_imports(path) & {"numpy", "whoosh"})
             for path in modules}
    assert {k: v for k, v in wrong.items() if v} == {}
