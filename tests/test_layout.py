"""The package layout shows the pipeline (issue 26): each package imports only
those below it, the top of site_builder/ holds packages only, the default theme's source is
themes/default/ and the wheel lists every package."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from tests.conftest import REPO

PACKAGE = REPO / "site_builder"
ALLOWED = {  # package -> the packages of site_builder it may import
    "core": set(),
    "read": {"core"},
    "align": {"core"},
    "frame": {"core", "align"},
    "render": {"core", "align", "frame"},
    "write": {"core", "read"},
    "importers": {"core", "read"},
    "commands": {"core", "read", "align", "frame", "render", "write", "importers"},
}


def module_of(path: Path) -> str:
    """The dotted name of the module at `path`."""
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    """Every module of site_builder by its dotted name."""
    return {module_of(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imports(path: Path, known: dict[str, Path], *, top_level_only: bool = False) -> set[str]:
    """The modules of site_builder that the module at `path` imports (anywhere in it, or
    only at its top level: what runs when it is imported)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    found = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("site_builder")}
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("site_builder"):
            for alias in node.names:
                sub = f"{node.module}.{alias.name}"
                found.add(sub if sub in known else node.module)
    return found


def package_of(module: str) -> str | None:
    """The subpackage `module` belongs to (None for site_builder itself, __main__)."""
    parts = module.split(".")
    return parts[1] if len(parts) > 2 or (len(parts) == 2 and parts[1] in ALLOWED) else None


def test_the_top_of_the_package_holds_only_the_packages():
    top = {p.name for p in PACKAGE.iterdir() if p.name != "__pycache__"}
    assert top - {"__init__.py", "__main__.py", "themes"} == set(ALLOWED)
    for name in ALLOWED:
        assert (PACKAGE / name / "__init__.py").is_file(), name


def test_each_package_imports_only_the_packages_below_it():
    known = modules()
    wrong = []
    for module, path in known.items():
        home = package_of(module)
        for imported in imports(path, known):
            other = package_of(imported)
            if home and other and other != home and other not in ALLOWED[home]:
                wrong.append(f"{module} imports {imported}")
    assert wrong == []


def test_core_imports_nothing_else_of_ours():
    known = modules()
    core = {m: p for m, p in known.items() if package_of(m) == "core"}
    assert core, "no core package"
    outside = {
        f"{m} imports {i}"
        for m, p in core.items()
        for i in imports(p, known)
        if i != "site_builder" and package_of(i) != "core"
    }
    assert outside == set()


def test_no_module_imports_itself_in_a_circle_as_it_loads():
    known = modules()
    graph = {m: imports(p, known, top_level_only=True) & set(known) for m, p in known.items()}
    for module in graph:  # a package imports its own modules; that is no circle
        graph[module] = {i for i in graph[module] if not module.startswith(i + ".")}

    def circle(start: str) -> list[str] | None:
        stack, seen = [(start, [start])], set()
        while stack:
            node, trail = stack.pop()
            for nxt in graph.get(node, ()):
                if nxt == start:
                    return [*trail, nxt]
                if nxt not in seen:
                    seen.add(nxt)
                    stack.append((nxt, [*trail, nxt]))
        return None

    circles = [c for m in graph if (c := circle(m))]
    assert circles == []


def test_the_wheel_lists_every_package_and_ships_the_theme_from_themes():
    pyproject = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    listed = set(re.findall(r'"(site_builder[\w.]*)",', pyproject))
    found = {module_of(p.parent) for p in PACKAGE.rglob("__init__.py")}
    assert listed == found | {"site_builder.themes"}
    assert '"site_builder.themes" = "themes"' in pyproject
    assert (REPO / "themes" / "default" / "templates" / "base.html").is_file()
    assert not (PACKAGE / "themes").exists()


def test_from_a_checkout_the_theme_is_read_from_themes_at_the_top():
    from site_builder.core.theme import BUILTIN_THEMES

    assert BUILTIN_THEMES.resolve() == (REPO / "themes").resolve()


def test_the_tests_mirror_the_packages():
    folders = {p.name for p in (REPO / "tests").iterdir() if (p / "__init__.py").is_file()}
    assert folders <= set(ALLOWED)
    for folder in folders:
        assert list((REPO / "tests" / folder).glob("test_*.py")), folder
