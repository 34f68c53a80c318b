"""Every public module, class and function of site_builder/ says what it is for and
what it takes and gives (the house style, PREAMBLE: a newcomer reads the code top to
bottom): a docstring, and type hints on each parameter and the return. Public means a
name without a leading underscore, in a module without one, at the top of a module (or
in a block there: `if sys.version_info ...:`, `try:`) or of a public class. A public
class's special methods (__init__, __reduce__, ...) take type hints too (its __init__
is how it is made), but no docstring: what they do is Python's. The theme's generated
code (render/compiled/) is not read."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import REPO

PACKAGE = REPO / "site_builder"
GENERATED = PACKAGE / "render" / "compiled"

Function = ast.FunctionDef | ast.AsyncFunctionDef


def public_modules() -> list[Path]:
    """The modules of site_builder/ a reader opens: all but private and generated ones."""
    return [
        path
        for path in sorted(PACKAGE.rglob("*.py"))
        if GENERATED not in path.parents
        and not any(part.startswith("_") and part != "__init__.py" for part in path.parts)
    ]


def is_public(name: str) -> bool:
    """Whether `name` is part of a module's public face (no leading underscore)."""
    return not name.startswith("_")


def is_special(name: str) -> bool:
    """Whether `name` is one of Python's special methods (__init__, __reduce__, ...)."""
    return name.startswith("__") and name.endswith("__")


def top_level(body: list[ast.stmt]) -> list[ast.stmt]:
    """The statements of a module's `body` that run as it loads: those inside its
    top-level if, try and with blocks too (a definition for one Python version)."""
    found = []
    for node in body:
        found.append(node)
        if isinstance(node, ast.If | ast.Try | ast.With):
            blocks = [getattr(node, name, []) for name in ("body", "orelse", "finalbody")]
            blocks += [handler.body for handler in getattr(node, "handlers", [])]
            found += [inner for block in blocks for inner in top_level(block)]
    return found


def public_definitions(tree: ast.Module) -> list[tuple[str, ast.AST]]:
    """The public classes and functions of a module, and the public and special methods
    of its public classes, each with its dotted name within the module."""
    found: list[tuple[str, ast.AST]] = []
    for node in top_level(tree.body):
        if isinstance(node, Function | ast.ClassDef) and is_public(node.name):
            found.append((node.name, node))
        if isinstance(node, ast.ClassDef) and is_public(node.name):
            found.extend(
                (f"{node.name}.{item.name}", item)
                for item in node.body
                if isinstance(item, Function) and (is_public(item.name) or is_special(item.name))
            )
    return found


def unannotated(function: Function, *, method: bool) -> list[str]:
    """The parameters of `function` without a type hint (self or cls of a method aside),
    and 'return' if its return has none."""
    arguments = function.args
    parameters = [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]
    if method and parameters and not _is_static(function):
        parameters = parameters[1:]
    parameters += [p for p in (arguments.vararg, arguments.kwarg) if p is not None]
    missing = [p.arg for p in parameters if p.annotation is None]
    if function.returns is None:
        missing.append("return")
    return missing


def _is_static(function: Function) -> bool:
    return any(isinstance(d, ast.Name) and d.id == "staticmethod" for d in function.decorator_list)


def shortcomings(path: Path) -> list[str]:
    """What the module at `path` leaves unsaid, one line each as 'file:line: what'."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    where = path.relative_to(REPO)
    found = []
    if ast.get_docstring(tree) is None:
        found.append(f"{where}:1: module has no docstring")
    for name, node in public_definitions(tree):
        if ast.get_docstring(node) is None and not is_special(name.rpartition(".")[2]):
            found.append(f"{where}:{node.lineno}: {name} has no docstring")
        if isinstance(node, Function):
            missing = unannotated(node, method="." in name)
            if missing:
                found.append(f"{where}:{node.lineno}: {name} lacks type hints: {missing}")
    return found


def test_every_public_module_class_and_function_has_a_docstring_and_type_hints():
    found = [line for path in public_modules() for line in shortcomings(path)]
    assert found == [], "\n".join(found)


EXAMPLE = '''"""A module."""

def documented(a: int, *, b: str = "") -> int:
    """Doubles."""
    return a * 2

def bare(a, b: int):
    return a

class Thing:
    def method(self, x: int) -> None:
        """Does."""

    @staticmethod
    def static(x) -> None:
        """Does."""

    def _private(self, y):
        pass

    def __init__(self, size):
        self.size = size

def _helper(z):
    return z

if VERSION:
    def shim(x: int) -> int:
        return x
'''


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (
            EXAMPLE,
            [
                "m.py:7: bare has no docstring",
                "m.py:7: bare lacks type hints: ['a', 'return']",
                "m.py:10: Thing has no docstring",
                "m.py:15: Thing.static lacks type hints: ['x']",
                "m.py:21: Thing.__init__ lacks type hints: ['size', 'return']",
                "m.py:28: shim has no docstring",
            ],
        ),
        ("x = 1\n", ["m.py:1: module has no docstring"]),
    ],
    ids=["a module with gaps", "a module without a docstring"],
)
def test_the_check_names_what_is_missing_and_passes_over_private_names(
    tmp_path, monkeypatch, source, expected
):
    module = tmp_path / "m.py"
    module.write_text(source, encoding="utf-8")
    monkeypatch.setattr(f"{__name__}.REPO", tmp_path)
    assert shortcomings(module) == expected
