"""The default theme's templates, compiled ahead of time and shipped as package modules.

Compiling the theme's Jinja2 templates takes about 90 ms, a third of a rebuild after
one edit in a fresh process. Jinja2 turns each template into Python source; for the
built-in theme that source is generated once, by `python scripts/compile_theme.py`,
and kept in `site_builder/render/compiled/` as one module per template, beside a
table of the template source's hash each was made from. A build then takes a
template's code from there only when the template it reads has exactly that source,
and the environment the settings and the Jinja2 version the code was made with;
otherwise (a site's own template, an edited one) it compiles the template as before.

These modules are part of the program, like every other module of the package (and
are in its fingerprint, so the build cache's keys cover them): they are never written
at run time, and nothing is read from the build cache or the site's folder as code.
tests/render/test_precompiled.py checks that they match the theme's templates.
"""

from __future__ import annotations

import ast
import hashlib
import importlib.util
import keyword
import types
from collections.abc import MutableMapping
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2

from site_builder.core.strings import escaped_text  # noqa: F401  (the compiled templates')

PACKAGE = "site_builder.render.compiled"
FOLDER = Path(__file__).parent / "compiled"


def template_key(environment: jinja2.Environment, source: str) -> str:
    """A hash of what the code Jinja2 makes of `source` depends on: the source itself,
    the Jinja2 version and the environment's settings that change the code."""
    settings = (
        jinja2.__version__,
        environment.block_start_string,
        environment.block_end_string,
        environment.variable_start_string,
        environment.variable_end_string,
        environment.comment_start_string,
        environment.comment_end_string,
        environment.line_statement_prefix,
        environment.line_comment_prefix,
        environment.trim_blocks,
        environment.lstrip_blocks,
        environment.newline_sequence,
        environment.keep_trailing_newline,
        environment.optimized,
        environment.autoescape if isinstance(environment.autoescape, bool) else "callable",
        environment.finalize is None,
        tuple(sorted(environment.extensions)),
    )
    return hashlib.sha256(f"{settings!r}\0{source}".encode()).hexdigest()


def module_name(template: str) -> str:
    """The module a template's code is kept in: its name with every other character
    than a letter or digit as '_' (story.html -> t_story_html)."""
    return "t_" + "".join(c if c.isalnum() else "_" for c in template)


def precompiled_code(
    environment: jinja2.Environment, name: str, source: str, filename: str | None
) -> types.CodeType | None:
    """The compiled code of template `name`, whose source is `source` (read from
    `filename`), from the package's modules, if one was made from that very source in
    these settings; else None. The code is said to come from `filename`, so a template
    error names the template file and line, as with code compiled here."""
    from site_builder.render.compiled import TEMPLATES

    if TEMPLATES.get(name) != template_key(environment, source):
        return None
    if type(environment).getattr is not jinja2.Environment.getattr:
        return None  # the code reads attributes as Jinja2's own environment does
    spec = importlib.util.find_spec(f"{PACKAGE}.{module_name(name)}")
    if spec is None or spec.loader is None or not hasattr(spec.loader, "get_code"):
        return None
    code = spec.loader.get_code(spec.name)  # Python's own compiled module, as for any
    if code is None:  # module of the package
        return None
    return _relocated(code, filename or name)


def _relocated(code: types.CodeType, filename: str) -> types.CodeType:
    """`code`, and every function in it, said to come from `filename`."""
    consts = tuple(
        _relocated(c, filename) if isinstance(c, types.CodeType) else c for c in code.co_consts
    )
    return code.replace(co_filename=filename, co_consts=consts)


class TemplateLoader(jinja2.FileSystemLoader):
    """Jinja2's file system loader that takes a template's code from the package's
    precompiled modules when they hold it (see precompiled_code), else compiles it."""

    def load(
        self,
        environment: jinja2.Environment,
        name: str,
        globals: MutableMapping[str, Any] | None = None,
    ) -> jinja2.Template:
        """Template `name`, as FileSystemLoader.load gives it (same source, same
        up-to-date check), its code compiled ahead of time where it can be."""
        source, filename, uptodate = self.get_source(environment, name)
        code = precompiled_code(environment, name, source, filename)
        if code is None:
            code = environment.compile(source, name, filename)
        return environment.template_class.from_code(environment, code, globals or {}, uptodate)


_RUNTIME_IMPORT = "from jinja2.runtime import "
_OWN_ESCAPE = "from site_builder.render.precompiled import escaped_text as escape\n"


def _with_escaped_text(code: str) -> str:
    """The module `code` (Jinja2's for one template) with escape() as escaped_text,
    where every call of escape() in it is a value the code yields or puts into a list it
    joins (t_1.append(...), t_1.extend((...))): there a str and a Markup of the same
    text give the same page. Otherwise `code` as it is."""
    tree = ast.parse(code)
    allowed: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Yield) and node.value is not None:
            allowed.add(id(node.value))
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in ("append", "extend")
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id.startswith("t_")
            and len(node.args) == 1
        ):
            arg = node.args[0]
            items = arg.elts if node.func.attr == "extend" and isinstance(arg, ast.Tuple) else [arg]
            allowed.update(id(item) for item in items)
    escapes = [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "escape"
    ]
    names = [node for node in ast.walk(tree) if isinstance(node, ast.Name) and node.id == "escape"]
    first = code.split("\n", 1)[0]
    if (
        not escapes
        or len(names) != len(escapes)  # escape used other than called
        or any(id(node) not in allowed for node in escapes)
        or not first.startswith(_RUNTIME_IMPORT)
        or ", escape," not in first
    ):
        return code
    rest = code.split("\n", 1)[1]
    return f"{first.replace(', escape,', ',')}\n{_OWN_ESCAPE}{rest}"


def _attribute_lookup(node: ast.AST) -> tuple[ast.expr, str] | None:
    """(object, name) if `node` is Jinja2's code for `object.name` in a template,
    `environment.getattr(object, 'name')` with a name Python can write after a dot."""
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "getattr"
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id == "environment"
        and len(node.args) == 2
        and not node.keywords
        and isinstance(node.args[1], ast.Constant)
        and isinstance(node.args[1].value, str)
        and node.args[1].value.isidentifier()
        and not keyword.iskeyword(node.args[1].value)
    ):
        return node.args[0], node.args[1].value
    return None


class _DirectAttributes(ast.NodeTransformer):
    """Every environment.getattr(object, 'name') of a tree as object.name."""

    def visit_Call(self, node: ast.Call) -> ast.AST:
        self.generic_visit(node)
        lookup = _attribute_lookup(node)
        if lookup is None:
            return node
        return ast.Attribute(value=lookup[0], attr=lookup[1], ctx=ast.Load())


def _innermost_lookups(code: str) -> list[ast.Call]:
    """The attribute lookups (see _attribute_lookup) of `code` that hold no other one,
    each on one line."""
    found = []
    for node in ast.walk(ast.parse(code)):
        lookup = _attribute_lookup(node)
        if lookup is None or node.lineno != node.end_lineno:
            continue
        if not any(_attribute_lookup(inner) for inner in ast.walk(lookup[0])):
            found.append(node)
    return found


def _lookups_written_direct(code: str) -> str:
    """`code` with its innermost attribute lookups written as `object.name`, each in
    its own line (the lines stay where they were: Jinja2 maps them to the template's)."""
    lines = code.split("\n")
    for node in sorted(_innermost_lookups(code), key=lambda n: (n.lineno, -n.col_offset)):
        target, name = _attribute_lookup(node)  # type: ignore[misc]
        written = _source(lines, target)
        if not isinstance(target, (ast.Name, ast.Attribute, ast.Call, ast.Subscript)):
            written = f"({written})"
        _put(lines, node, f"{written}.{name}")
    return "\n".join(lines)


def _source(lines: list[str], node: ast.expr | ast.stmt) -> str:
    """The text of `node`, which stands on one of `lines` (the code's lines; ast's
    columns count UTF-8 bytes)."""
    line = lines[node.lineno - 1].encode()
    return line[node.col_offset : node.end_col_offset].decode()


def _put(lines: list[str], node: ast.expr | ast.stmt, text: str) -> None:
    """Write `text` in place of `node`, which stands on one of `lines`; a line's nodes
    are put from its last, so that the columns of those before it still hold."""
    line = lines[node.lineno - 1].encode()  # (ast's columns count UTF-8 bytes)
    before, after = line[: node.col_offset], line[node.end_col_offset :]
    lines[node.lineno - 1] = f"{before.decode()}{text}{after.decode()}"


def _with_direct_attributes(code: str) -> str:
    """The module `code` (Jinja2's for one template) with `x.name` where Jinja2 wrote
    `environment.getattr(x, 'name')`, which looks the attribute up and, failing that,
    the item `x['name']`: in the default theme's templates every such x is one of the
    view models' dataclasses (or a loop, the theme's words, an undefined value), whose
    attribute is there, and an attribute read directly costs a seventh of a call
    (463,000 of them for BASIL as 100 stories). Where an object lacks one, the page is
    rendered again with code Jinja2 compiles itself (see jinja2_compiled), so a page is
    what Jinja2 makes of it either way.

    Checked on the syntax tree: the result is `code`'s tree with each lookup turned
    into an attribute, and the same lines; otherwise `code` as it is."""
    rewritten = code
    for _ in range(code.count("environment.getattr(")):
        if not _innermost_lookups(rewritten):
            break
        rewritten = _lookups_written_direct(rewritten)
    expected = ast.dump(_DirectAttributes().visit(ast.parse(code)))
    if ast.dump(ast.parse(rewritten)) != expected or rewritten.count("\n") != code.count("\n"):
        return code
    return rewritten


_RENDER_FUNCTIONS = ("root", "block_")


def _is_never(node: ast.AST) -> bool:
    """Whether `node` is `if 0: yield None`, which Jinja2 writes to make a function that
    may yield nothing a generator."""
    return (
        isinstance(node, ast.If)
        and isinstance(node.test, ast.Constant)
        and node.test.value == 0
        and not node.orelse
        and len(node.body) == 1
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Yield)
        and isinstance(node.body[0].value.value, ast.Constant)
        and node.body[0].value.value.value is None
    )


_LISTED_TAIL = (
    "from site_builder.render.precompiled import listed as _listed\n"
    "root = _listed(root)\n"
    "blocks = {name: _listed(block) for name, block in blocks.items()}\n"
)


def _own_nodes(function: ast.FunctionDef) -> list[ast.AST]:
    """The nodes of `function`'s body, nested ones included, but not those of the
    functions defined in it (a template's macros)."""
    found: list[ast.AST] = []
    waiting: list[ast.AST] = list(function.body)
    while waiting:
        node = waiting.pop()
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            found.append(node)
            waiting.extend(ast.iter_child_nodes(node))
    return found


def _own_statements(function: ast.FunctionDef) -> list[ast.stmt]:
    """The statements of _own_nodes(function)."""
    return [node for node in _own_nodes(function) if isinstance(node, ast.stmt)]


def _output_edits(tree: ast.Module) -> list[tuple[ast.stmt, str]] | None:
    """The statements _with_listed_output changes in the root and block functions of
    `tree`, each with what it becomes: "pass" for `if 0: yield None`, "append" or
    "extend" for a `yield` or `yield from` statement. None where the code is not as
    Jinja2 writes it (a yield that is not a statement of its own, on one line)."""
    edits: list[tuple[ast.stmt, str]] = []
    for function in tree.body:
        if isinstance(function, ast.FunctionDef) and function.name.startswith(_RENDER_FUNCTIONS):
            nodes = _own_nodes(function)
            nevers = [node for node in nodes if _is_never(node)]
            inside = {id(statement) for never in nevers for statement in never.body}
            own = [(never, "pass") for never in nevers]
            for node in nodes:
                value = node.value if isinstance(node, ast.Expr) else None
                if id(node) not in inside and isinstance(value, ast.Yield | ast.YieldFrom):
                    own.append((node, "append" if isinstance(value, ast.Yield) else "extend"))
            yields = sum(isinstance(node, ast.Yield | ast.YieldFrom) for node in nodes)
            if yields != len(own) or any(node.lineno != node.end_lineno for node, _ in own):
                return None
            edits.extend(own)
    return edits


def _with_listed_output(code: str) -> str:
    """The module `code` (Jinja2's for one template) with its root and block functions
    putting the page's parts into a list they are given (`_output.append(...)` for each
    `yield ...`) and wrapped by `listed`, which hands Jinja2 that list: Jinja2 only ever
    joins what these functions give, or extends a list with it, and each part of a page
    passed up to three generators (a block's, the page template's root, base.html's
    root), one resumption each (about 3,000 parts a story page).

    Checked on the syntax tree: the result is `code`'s tree with each yield statement
    of those functions turned into an append, `if 0: yield None` into `pass`, each of
    them given `_output`, and the wrapping after the last line (so every line stays
    where Jinja2's line table says it is); otherwise `code` as it is."""
    tree = ast.parse(code)
    edits = _output_edits(tree)
    if not edits or any(isinstance(n, ast.Name) and n.id == "_output" for n in ast.walk(tree)):
        return code
    lines = code.split("\n")
    for node, change in sorted(edits, key=lambda e: (e[0].lineno, -e[0].col_offset)):
        text = change
        if change != "pass":
            value = node.value.value  # type: ignore[attr-defined]
            text = f"_output.{change}({_source(lines, value)})"
        _put(lines, node, text)
    for function in tree.body:
        if isinstance(function, ast.FunctionDef) and function.name.startswith(_RENDER_FUNCTIONS):
            if not lines[function.lineno - 1].endswith("):"):
                return code
            lines[function.lineno - 1] = lines[function.lineno - 1][:-2] + ", _output=None):"
    rewritten = "\n".join(lines).rstrip("\n") + "\n" + _LISTED_TAIL
    if ast.dump(ast.parse(rewritten)) != ast.dump(_expected_listed(code)):
        return code
    return rewritten


class _ListedOutput(ast.NodeTransformer):
    """What _with_listed_output makes of a tree, made on the tree (to check its text)."""

    def __init__(self) -> None:
        self.depth = 0  # 1 inside a root or block function, 2 in a function in one

    def visit_FunctionDef(self, node: ast.FunctionDef) -> ast.AST:
        if self.depth or not node.name.startswith(_RENDER_FUNCTIONS):
            return node  # a macro's code, or another function of the module
        self.depth += 1
        self.generic_visit(node)
        self.depth -= 1
        node.args.args.append(ast.arg("_output"))
        node.args.defaults.append(ast.Constant(None))
        return node

    def visit_Lambda(self, node: ast.Lambda) -> ast.AST:
        return node

    def visit_If(self, node: ast.If) -> ast.AST:
        if self.depth and _is_never(node):
            return ast.Pass()
        return self.generic_visit(node)

    def visit_Expr(self, node: ast.Expr) -> ast.AST:
        value = node.value
        if self.depth and isinstance(value, ast.Yield | ast.YieldFrom) and value.value:
            method = "append" if isinstance(value, ast.Yield) else "extend"
            output = ast.Attribute(ast.Name("_output", ast.Load()), method, ast.Load())
            return ast.Expr(ast.Call(output, [value.value], []))
        return node


def _expected_listed(code: str) -> ast.Module:
    tree = _ListedOutput().visit(ast.parse(code))
    tree.body.extend(ast.parse(_LISTED_TAIL).body)
    return tree


def listed(body: Any) -> Any:
    """A template's root or block function as Jinja2 calls it (with the context; it
    gives the page's parts), made of one that puts them into the list `_output` (see
    _with_listed_output)."""

    def render(context: Any) -> list[str]:
        output: list[str] = []
        body(context, _output=output)
        return output

    render.__name__ = render.__qualname__ = body.__name__
    return render


ITEMS_READ_AS_ATTRIBUTES = frozenset({"feed.xml"})
"""The default theme's templates that read items of dicts as attributes (render.feed
hands feed.xml its entries as dicts, which a site's own feed template may read either
way): their code keeps Jinja2's lookups (see _with_direct_attributes)."""


@lru_cache(maxsize=2)
def jinja2_compiled(environment: jinja2.Environment) -> jinja2.Environment:
    """`environment` with every template compiled by Jinja2 from its source, none
    taken from the shipped code: what a page is rendered with again when the shipped
    code, which reads attributes directly (see _with_direct_attributes), met an object
    without one (an AttributeError), so that Jinja2 looks the item up or reports the
    missing value as it always does."""
    loader = environment.loader
    if not isinstance(loader, jinja2.FileSystemLoader):
        return environment
    plain = jinja2.FileSystemLoader(loader.searchpath, loader.encoding, loader.followlinks)
    return environment.overlay(loader=plain, cache_size=400)


def compiled_modules(environment: jinja2.Environment, templates: dict[str, str]) -> dict[str, str]:
    """The files of the compiled package for `templates` (name -> source) in
    `environment`: each template's module and the table (__init__.py) of their keys.
    What scripts/compile_theme.py writes and the test compares with the shipped ones."""
    files = {}
    keys = {}
    for name, source in sorted(templates.items()):
        code = _with_escaped_text(environment.compile(source, name, raw=True))
        if name not in ITEMS_READ_AS_ATTRIBUTES:
            code = _with_direct_attributes(code)
        code = _with_listed_output(code)
        files[f"{module_name(name)}.py"] = (
            f"# Generated by scripts/compile_theme.py from {name}.\n{code}\n"
        )
        keys[name] = template_key(environment, source)
    table = "".join(f"    {name!r}: {key!r},\n" for name, key in keys.items())
    files["__init__.py"] = (
        '"""The default theme\'s templates compiled by Jinja2 ahead of time (see\n'
        "site_builder/render/precompiled.py). Generated by scripts/compile_theme.py: do not\n"
        'edit."""\n\n'
        f"TEMPLATES = {{\n{table}}}\n"
        '"""Each template\'s name -> the key (precompiled.template_key) of the source and\n'
        'settings its module was compiled from."""\n'
    )
    return files
