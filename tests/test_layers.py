"""The floors of the code: hub is the ground, the apps stand on it, reports and portal on top.

Arrows only point down. The test reads every module of the project's packages with `ast`
(imports inside functions included, because they run too) and fails on an import from hub into
an app, on a circle between packages — a string reference such as ForeignKey("calls.Call")
counts as an arrow — on a circle between the modules of hub, and on a module too long to read.
Migrations are history, not code anyone imports, and are left out; so is benchmarks/, which is
not part of the portal.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GROUND = "hub"
PACKAGES = (
    "hub",
    "portal",
    "reports",
    "organisations",
    "events",
    "calls",
    "partnerships",
    "advocacy",
    "imports",
    "news",
    "peers",
    "questionnaires",
)
# Django settings name apps as strings and are read by the whole project: not part of any floor.
NOT_WALKED = (Path("hub/settings"),)
LONGEST_MODULE = 600
RELATIONS = {"ForeignKey", "ManyToManyField", "OneToOneField"}


@dataclass(frozen=True)
class Arrow:
    source: str  # dotted module that imports
    target: str  # dotted module (or package, for a model reference) it needs
    where: str  # path:line

    def __str__(self) -> str:
        return f"{self.where}: {self.source} -> {self.target}"


def _code_files(*, walked_only: bool) -> list[Path]:
    files = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            relative = path.relative_to(ROOT)
            if "migrations" in relative.parts:
                continue
            if walked_only and any(relative.is_relative_to(skipped) for skipped in NOT_WALKED):
                continue
            files.append(path)
    return files


def _module_name(relative: Path) -> str:
    parts = list(relative.with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _known_modules() -> set[str]:
    return {_module_name(path.relative_to(ROOT)) for path in _code_files(walked_only=False)}


def _resolve(node: ast.ImportFrom, module: str, is_package: bool) -> str:
    if not node.level:
        return node.module or ""
    base = module.split(".")
    base = base if is_package else base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def _relation_target(node: ast.Call) -> str | None:
    name = (
        node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", None)
    )
    if name not in RELATIONS:
        return None
    to = (
        node.args[0] if node.args else next((k.value for k in node.keywords if k.arg == "to"), None)
    )
    if isinstance(to, ast.Constant) and isinstance(to.value, str) and "." in to.value:
        return to.value.split(".")[0]
    return None


def _arrows() -> list[Arrow]:
    known = _known_modules()
    arrows = []
    for path in _code_files(walked_only=True):
        relative = path.relative_to(ROOT)
        module = _module_name(relative)
        is_package = path.name == "__init__.py"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(relative))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                imported = _resolve(node, module, is_package)
                for alias in node.names:
                    submodule = f"{imported}.{alias.name}"
                    targets.append(submodule if submodule in known else imported)
            elif isinstance(node, ast.Call) and (app := _relation_target(node)):
                targets = [app]
            for target in targets:
                if target.split(".")[0] in PACKAGES:
                    arrows.append(Arrow(module, target, f"{relative}:{node.lineno}"))
    return list(dict.fromkeys(arrows))


def _top(name: str) -> str:
    return name.split(".")[0]


def _circles(
    arrows: list[Arrow], node_of, *, first_only: int | None = None
) -> list[tuple[list[str], list[Arrow]]]:
    """The groups of nodes that reach each other, each told by the imports between its members.

    first_only names only that many imports for each pair of members (a package has many).
    """
    graph: dict[str, dict[str, list[Arrow]]] = {}
    for arrow in arrows:
        source, target = node_of(arrow.source), node_of(arrow.target)
        if source != target:
            graph.setdefault(source, {}).setdefault(target, []).append(arrow)
            graph.setdefault(target, {})
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[set[str]] = []

    def connect(node: str) -> None:  # Tarjan's strongly connected components
        index[node] = low[node] = len(index)
        stack.append(node)
        for following in graph[node]:
            if following not in index:
                connect(following)
                low[node] = min(low[node], low[following])
            elif following in stack:
                low[node] = min(low[node], index[following])
        if low[node] == index[node]:
            group = set()
            while True:
                member = stack.pop()
                group.add(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(group)

    for node in sorted(graph):
        if node not in index:
            connect(node)
    return [
        (
            sorted(group),
            [
                arrow
                for source in sorted(group)
                for target, made_by in sorted(graph[source].items())
                if target in group
                for arrow in made_by[:first_only]
            ],
        )
        for group in groups
    ]


def _describe(circles: list[tuple[list[str], list[Arrow]]]) -> str:
    return "\n\n".join(
        f"{' <-> '.join(group)}, by the imports:\n" + "\n".join(f"  {arrow}" for arrow in arrows)
        for group, arrows in circles
    )


def test_the_walk_sees_imports_in_functions_and_references_to_models():
    """The checks below would pass on a walk that found nothing."""
    arrows = {(arrow.source, arrow.target) for arrow in _arrows()}
    assert ("portal.urls", "hub.cache") in arrows  # at the top of a module
    assert ("hub.queue", "hub.celery") in arrows  # inside a function
    assert ("events.models.events", "calls") in arrows  # ForeignKey("calls.Call")


def test_hub_imports_no_app():
    upward = [
        arrow
        for arrow in _arrows()
        if _top(arrow.source) == GROUND and _top(arrow.target) != GROUND
    ]
    assert not upward, "hub is the ground floor and must not import an app:\n" + "\n".join(
        f"  {arrow}" for arrow in upward
    )


def test_no_circle_between_packages():
    circles = _circles(_arrows(), _top, first_only=1)
    assert not circles, "Packages that need each other (one import for each pair):\n" + _describe(
        circles
    )


def test_no_circle_between_modules_of_hub():
    inside = [a for a in _arrows() if _top(a.source) == GROUND and _top(a.target) == GROUND]
    circles = _circles(inside, lambda name: name)
    assert not circles, "Modules of hub that need each other:\n" + _describe(circles)


def test_no_module_too_long_to_read():
    long = {}
    for path in _code_files(walked_only=False):
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > LONGEST_MODULE:
            long[str(path.relative_to(ROOT))] = lines
    assert not long, f"Modules over {LONGEST_MODULE} lines; split them by concept:\n" + "\n".join(
        f"  {path}: {lines}" for path, lines in sorted(long.items())
    )
