"""The layout README describes is the one in the code.

Reads every module of the project's apps with ``ast`` (nothing is imported) and checks:
the app-level arrows are the allowed ones, no module imports itself back through a
circle, nothing but its own commands and the tests imports ``demo``, and no app looks
another project app up by string (``apps.get_model`` / ``import_module``).
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# What each app may import (besides itself). README's "Layout" section says the same.
ALLOWED: dict[str, set[str]] = {
    "home": set(),
    "accounts": {"home"},
    "courses": {"home", "accounts"},
    "quizzes": {"home", "accounts", "courses"},
    "livestreams": {"home", "accounts", "courses"},
    "peer_review": {"home", "accounts", "courses", "quizzes"},
    "ledger": {"home", "accounts", "courses", "quizzes", "livestreams"},
    "analytics": {
        "home",
        "accounts",
        "courses",
        "quizzes",
        "livestreams",
        "peer_review",
        "ledger",
    },
    "config": {
        "home",
        "accounts",
        "courses",
        "quizzes",
        "livestreams",
        "peer_review",
        "ledger",
        "analytics",
    },
    "demo": {
        "home",
        "accounts",
        "courses",
        "quizzes",
        "livestreams",
        "peer_review",
        "ledger",
        "analytics",
        "config",
    },
    "benchmarks": {
        "home",
        "accounts",
        "courses",
        "quizzes",
        "livestreams",
        "peer_review",
        "ledger",
        "analytics",
        "config",
    },
}
APPS = set(ALLOWED) - {"benchmarks"}


def _modules() -> dict[str, Path]:
    found = {}
    for top in ALLOWED:
        folder = ROOT / top
        if not folder.is_dir():
            continue
        for path in folder.rglob("*.py"):
            rel = path.relative_to(ROOT)
            if "migrations" in rel.parts:
                continue
            name = ".".join(rel.with_suffix("").parts)
            found[name.removesuffix(".__init__")] = path
    return found


MODULES = _modules()


def _imports(name: str, path: Path) -> set[str]:
    """Project modules that ``name`` imports, at any depth of the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    targets: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            targets.add(module)
            targets.update(f"{module}.{alias.name}" for alias in node.names)
    # An import of one's own package (its __init__ re-exports) is not an arrow.
    return {
        t
        for t in targets
        if t in MODULES and t != name and not name.startswith(f"{t}.")
    }


GRAPH = {name: _imports(name, path) for name, path in MODULES.items()}


def _app(module: str) -> str:
    return module.split(".", 1)[0]


def test_the_layout_is_found():
    assert {"home", "courses", "ledger", "demo", "analytics"} <= {
        _app(m) for m in MODULES
    }


def test_apps_import_only_what_the_layout_allows():
    wrong = sorted(
        f"{source} → {target}"
        for source, targets in GRAPH.items()
        for target in targets
        if _app(target) != _app(source) and _app(target) not in ALLOWED[_app(source)]
    )
    assert wrong == []


def test_no_module_imports_itself_back():
    """Tarjan's strongly connected components: any component of two or more is a circle."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    circles: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in GRAPH[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                circles.append(sorted(component))

    for node in sorted(GRAPH):
        if node not in index:
            visit(node)
    assert circles == []


def test_nothing_imports_demo():
    importers = sorted(
        source
        for source, targets in GRAPH.items()
        if _app(source) != "demo" and any(_app(t) == "demo" for t in targets)
    )
    assert importers == []


def test_no_lookup_of_another_app_by_string():
    lookups = []
    for module, path in sorted(MODULES.items()):
        own = _app(module)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            called = (
                func.attr
                if isinstance(func, ast.Attribute)
                else getattr(func, "id", "")
            )
            if called not in {"get_model", "import_module"}:
                continue
            first = node.args[0] if node.args else None
            label = first.value if isinstance(first, ast.Constant) else None
            own_or_framework = isinstance(label, str) and (
                label == own or label.split(".")[0] not in APPS
            )
            if called == "import_module" or not own_or_framework:
                lookups.append(f"{module}:{node.lineno} {called}({label!r})")
    assert lookups == []
