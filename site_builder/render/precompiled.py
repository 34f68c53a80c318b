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

import hashlib
import importlib.util
import types
from collections.abc import MutableMapping
from pathlib import Path
from typing import Any

import jinja2

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


def compiled_modules(environment: jinja2.Environment, templates: dict[str, str]) -> dict[str, str]:
    """The files of the compiled package for `templates` (name -> source) in
    `environment`: each template's module and the table (__init__.py) of their keys.
    What scripts/compile_theme.py writes and the test compares with the shipped ones."""
    files = {}
    keys = {}
    for name, source in sorted(templates.items()):
        code = environment.compile(source, name, raw=True)
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
