"""The package's layers point one way: no import cycle, small modules, library errors only.

Every ``import`` counts, including imports inside functions: an import hidden in a function to
dodge a cycle is still a cycle.
"""
from __future__ import annotations

import ast
import statistics
from pathlib import Path


PACKAGE = Path(__file__).resolve().parents[1] / "src" / "interview_analysis"
NAME = "interview_analysis"

#: Bottom to top. A unit may import units of its own layer below it in this list, and any
#: lower layer; never a higher one. Units of one layer may not import each other unless
#: listed in ``SAME_LAYER``.
LAYERS = [
    ["errors", "version", "domain", "messages"],
    ["base"],
    ["nlp"],
    ["corpus"],
    ["coding"],
    ["study", "analysis"],
    ["store", "pipeline"],
    ["report", "exchange", "notebook"],
    ["cli", "__init__", "__main__"],
]
SAME_LAYER = {("messages", "domain"), ("version", "errors"), ("__main__", "cli")}
#: Modules over this many lines ask to be split (issue #22).
MAX_LINES = 400
#: Built-in exceptions library code must not raise: researchers get InterviewAnalysisError.
PLAIN = {"ValueError", "KeyError", "TypeError", "RuntimeError"}


def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


def _unit(module: str) -> str:
    """The architecture unit of a module: its top-level subpackage or module."""
    return module.split(".")[0] if module else "__init__"


def _imports(module: str, path: Path) -> set[str]:
    """Dotted names (relative to the package) of every package module ``module`` imports."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[:len(package) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            elif node.module and (node.module == NAME or node.module.startswith(NAME + ".")):
                target = node.module[len(NAME) + 1:]
            else:
                continue
            found.add(target)
            found.update(f"{target}.{a.name}".lstrip(".") for a in node.names)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith(NAME + "."):
                    found.add(alias.name[len(NAME) + 1:])
    return found


def _unit_graph() -> dict[str, dict[str, list[str]]]:
    modules = _modules()
    graph: dict[str, dict[str, list[str]]] = {}
    for module, path in modules.items():
        src = _unit(module)
        for target in _imports(module, path):
            if target not in modules:
                continue
            dst = _unit(target)
            if dst != src:
                graph.setdefault(src, {}).setdefault(dst, []).append(module)
    return graph


def _layer_of(unit: str) -> int:
    for i, layer in enumerate(LAYERS):
        if unit in layer:
            return i
    raise AssertionError(f"unit {unit!r} is in no layer of tests/test_architecture.py")


def test_every_unit_has_a_layer():
    units = {_unit(m) for m in _modules()}
    for unit in units:
        _layer_of(unit)


def test_imports_point_down_the_layers():
    wrong = []
    for src, targets in _unit_graph().items():
        for dst, where in targets.items():
            a, b = _layer_of(src), _layer_of(dst)
            if b > a or (b == a and (src, dst) not in SAME_LAYER):
                wrong.append(f"{src} -> {dst} (in {', '.join(sorted(set(where)))})")
    assert not wrong, "imports against the layers:\n" + "\n".join(sorted(wrong))


def test_no_import_cycle_between_modules():
    modules = _modules()
    graph = {m: {t for t in _imports(m, p) if t in modules and t != m}
             for m, p in modules.items()}
    # A package's __init__ re-exporting its modules is not a cycle with them.
    for m in graph:
        graph[m] = {t for t in graph[m] if not (m.startswith(t + ".") or t == "")}
    seen, stack, cycles = {}, [], []

    def visit(node):
        seen[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if seen.get(nxt) == 1:
                cycles.append(stack[stack.index(nxt):] + [nxt])
            elif nxt not in seen:
                visit(nxt)
        stack.pop()
        seen[node] = 2

    for node in sorted(graph):
        if node not in seen:
            visit(node)
    assert not cycles, "import cycles:\n" + "\n".join(" -> ".join(c) for c in cycles[:10])


def test_modules_stay_small():
    big = {m: n for m, p in _modules().items()
           if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not big, f"modules over {MAX_LINES} lines: {big}"


def _functions():
    for module, path in _modules().items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                yield module, node


def test_median_function_is_short():
    lengths = [node.end_lineno - node.lineno + 1 for _, node in _functions()]
    assert statistics.median(lengths) <= 20


def test_library_code_raises_only_library_errors():
    plain = []
    for module, path in _modules().items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Raise) and node.exc is not None:
                exc = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
                if isinstance(exc, ast.Name) and exc.id in PLAIN:
                    plain.append(f"{module}:{node.lineno} raises {exc.id}")
    assert not plain, "\n".join(plain)
