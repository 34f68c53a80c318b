"""Move site-builder's flat modules into subpackages that show the pipeline (issue 26
points 6 and 7), with `git mv`, and rewrite every reference to them.

    python scripts/relayout.py --dry-run   # say what it would do; change nothing
    python scripts/relayout.py             # do it (a clean git work tree is required)

Run at the repository's root. It works out everything first and changes nothing if any
of these holds, saying which:
- a module, folder or file at the top of site_builder/ that the map below does not place
  (add it to MODULES or DATA and run again: the script never guesses a place);
- a file whose expected text a patch below looks for has changed (edit the patch);
- a use of `__file__` in a moved file that it does not know how to adjust.
Run a second time, it finds nothing left to do (idempotent).

What it does:
1. site_builder/<module>.py -> site_builder/<package>/<module>.py (MODULES), package
   data folders beside the module that reads them (DATA), each new package with an
   __init__.py saying what it holds and what it may import;
2. site_builder/themes/ -> themes/ at the top of the repository, still shipped in the
   wheel as package data of `site_builder.themes` (pyproject.toml: an explicit package
   list and a package-dir mapping); core/theme.py finds it in either place;
3. tests/test_<x>.py -> tests/<package>/test_<x>.py (TESTS), with __init__.py files;
   test files it does not know stay at tests/ (listed, not an error);
4. rewrites, in every tracked text file but CHANGELOG.md (history) and this script:
   `from site_builder import x` (split per package), `site_builder.x` anywhere (imports,
   mock.patch and monkeypatch targets, `-m` and `--preload` arguments, pyproject.toml),
   relative imports (made absolute), paths `site_builder/x.py`, `"site_builder" / "x"`,
   `tests/test_x.py`, `tests.test_x`, `Path(__file__)` depths in moved files, and the
   few patches of PATCHES (the theme's new place, the README's pipeline table, ...);
5. writes tests/test_layout.py (the import rules, checked on every test run);
6. sorts the touched files' imports and formats them with ruff (if ruff is installed).

Afterwards: `pip install -e .` again where site-builder is installed in editable mode
(the `site-builder` command's entry point is now site_builder.commands.cli:main).
"""

from __future__ import annotations

import argparse
import ast
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

PKG = "site_builder"

# The packages, in pipeline order, with what each holds and which others it may import.
PACKAGES: dict[str, tuple[str, tuple[str, ...]]] = {
    "core": (
        "The values and rules every step shares: the model, the build's values, site.yml's\n"
        "settings, the one error type, the validation of input files, text folding, the\n"
        "languages and their packs (language_data/), slugs, and where the theme's files\n"
        "and words are found. Imports nothing else of site_builder.",
        (),
    ),
    "read": (
        "Read step: content/<story>/*.md -> Story / Article / Passage (front matter,\n"
        "Markdown blocks and sentences). Imports core only.",
        ("core",),
    ),
    "align": (
        "",  # exists: its own docstring stays
        ("core",),
    ),
    "frame": (
        "Frame step: how each outlet words what it shares with the others (shared and own\n"
        "words, loaded words, who is quoted, what an outlet leaves out). Imports core and\n"
        "align.",
        ("core", "align"),
    ),
    "render": (
        "Render step: view models of every page (views, compare, outlets, why), the search\n"
        "index, the exports and their schema (schema/), and the pages themselves through\n"
        "the theme's templates. Imports core, align and frame.",
        ("core", "align", "frame"),
    ),
    "write": (
        "Write step: the output folder (staged, swapped in whole) and the build cache.\n"
        "Imports core and read.",
        ("core", "read"),
    ),
    "importers": (
        "Content from elsewhere: the BASIL corpus and web pages, one Markdown file per\n"
        "article. Imports core and read.",
        ("core", "read"),
    ),
    "commands": (
        "The command line and what its commands run: build (the pipeline end to end, on\n"
        "processes or a dask cluster), serve, gh-deploy, check, new (skeleton/) and align's\n"
        "account. May import every other package.",
        ("core", "read", "align", "frame", "render", "write", "importers"),
    ),
}

# Every top-level module of site_builder/ and its package. A module not listed stops the
# script: add it here (the import rules above say where it may go).
MODULES = {
    "errors": "core",
    "text": "core",
    "languages": "core",
    "language_pack": "core",
    "model": "core",
    "build_model": "core",
    "slugs": "core",
    "inputs": "core",  # the one validation layer, used by config, strings, content, render
    "theme": "core",  # config checks the theme's name, strings reads its files
    "strings": "core",
    "config": "core",
    "content": "read",
    "markdown": "read",
    "voice": "align",  # align/settle keeps loaded words out of titles; framing uses it too
    "framing": "frame",
    "render": "render",
    "views": "render",
    "why": "render",  # what a page says of a link: only views use it
    "compare": "render",
    "outlets": "render",
    "search": "render",
    "export": "render",
    "write": "write",
    "cache": "write",
    "basil": "importers",
    "webpage": "importers",
    "cli": "commands",
    "build": "commands",
    "distribute": "commands",
    "serve": "commands",
    "deploy": "commands",
    "check": "commands",
    "scaffold": "commands",
    "explain": "commands",
}

# Package data folders at the top of site_builder/, moved beside the module that reads them.
DATA = {"language_data": "core", "schema": "render", "skeleton": "commands"}

STAY = {"__init__.py", "__main__.py", "align"}  # what stays at the top of site_builder/
THEMES = "themes"  # site_builder/themes/ -> themes/ (package data of site_builder.themes)

# Each test file and the package it mostly tests; those not listed stay at tests/.
TESTS = {
    "core": "config config_declared_once inputs language_packs slugs strings text",
    "read": "content markdown bundled_content",
    "align": "align align_quality",
    "frame": "framing claims claims_audit",
    "render": "render views outlets export html_validity reader reading",
    "write": "write cache output_safety nothing_stale",
    "importers": "basil webpage",
    "commands": "cli build serve check scaffold distribute publish",
}
TEST_PACKAGE = {f"test_{name}": pkg for pkg, names in TESTS.items() for name in names.split()}
TESTS_STAYING = {"test_wheel", "test_readme", "test_own_files", "test_properties"}
TESTS_STAYING |= {"test_robustness", "test_hostile_inputs", "test_layout"}

SKIP_REWRITE = {"CHANGELOG.md", "scripts/relayout.py"}
SKIP_FOLDERS = ("content/", "themes/", f"{PKG}/{THEMES}/", "tests/data/", "tests/gold/")
TEXT_SUFFIXES = {".py", ".md", ".toml", ".cfg", ".ini", ".yml", ".yaml", ".txt"}


@dataclass(frozen=True)
class Patch:
    """One hand-made change, in a file (its path after the move), to the text the
    generic rewrites leave: `old` must be there once, or `new` already (done before)."""

    path: str
    old: str
    new: str
    why: str
    required: bool = True  # a doc patch that no longer applies only warns


PATCHES = [
    Patch(
        f"{PKG}/core/theme.py",
        'BUILTIN_THEMES = Path(__file__).parent.parent / "themes"\nFALLBACK = "default"\n',
        'FALLBACK = "default"\n'
        "PACKAGE = Path(__file__).parent.parent\n"
        '"""site-builder\'s package folder (site_builder/)."""\n'
        "\n"
        "\n"
        "def _builtin_themes() -> Path:\n"
        '    """Where the built-in themes are: package data of site_builder.themes in an\n'
        "    installed wheel (site_builder/themes/), else the themes/ folder at the top of a\n"
        '    source checkout (an editable install, or PYTHONPATH), where their source is."""\n'
        '    shipped = PACKAGE / "themes"\n'
        '    return shipped if (shipped / FALLBACK).is_dir() else PACKAGE.parent / "themes"\n'
        "\n"
        "\n"
        "BUILTIN_THEMES = _builtin_themes()\n",
        "the theme's source is at the top of the repository, and in the wheel's package",
    ),
    Patch(
        f"{PKG}/core/theme.py",
        "        layers = (own, builtin) if own.is_dir() else (builtin,)\n",
        "        same = own.is_dir() and os.path.realpath(own) == os.path.realpath(builtin)\n"
        "        layers = (own, builtin) if own.is_dir() and not same else (builtin,)\n",
        "a site at the repository's top (the bundled one) has the built-in theme as its own",
    ),
    Patch(
        f"{PKG}/core/config.py",
        "    package = BUILTIN_THEMES.parent\n",
        "    package = PACKAGE\n",
        "the built-in themes' folder is no longer inside the package in a checkout",
    ),
    Patch(
        f"{PKG}/core/config.py",
        '    inputs.append((package, "site-builder\'s own code and built-in theme ({})", False))\n',
        '    inputs.append((package, "site-builder\'s own code and built-in theme ({})", False))\n'
        '    inputs.append((BUILTIN_THEMES, "site-builder\'s built-in themes ({})", False))\n',
        "an output folder must not lie inside the theme's source (themes/ at the top)",
    ),
    Patch(
        f"{PKG}/core/config.py",
        f"from {PKG}.core.theme import BUILTIN_THEMES, Theme,",
        f"from {PKG}.core.theme import BUILTIN_THEMES, PACKAGE, Theme,",
        "config names the package folder through theme.PACKAGE",
    ),
    Patch(
        f"{PKG}/write/cache.py",
        '(package / "language_data").glob("*.json")',
        'package.glob("**/language_data/*.json")',
        "the program's fingerprint covers the language packs wherever they lie",
    ),
    Patch(
        "tests/write/test_output_safety.py",
        '["--output", "{code}/site_builder/themes/default/static"],\n'
        "        1,\n"
        '        "lies inside site-builder\'s own code and built-in theme",\n',
        '["--output", "{code}/themes/default/static"],\n'
        "        1,\n"
        '        "lies inside site-builder\'s built-in themes",\n',
        "the built-in theme's source is themes/ at the top",
    ),
    Patch(
        "tests/write/test_output_safety.py",
        '    shutil.copytree(REPO / "site_builder", root / "site_builder", ignore=ignore)\n',
        '    shutil.copytree(REPO / "site_builder", root / "site_builder", ignore=ignore)\n'
        '    shutil.copytree(REPO / "themes", root / "themes", ignore=ignore)\n',
        "the code copy needs the built-in theme, now beside the package",
    ),
    Patch(
        "tests/test_own_files.py",
        'code / "site_builder" / "themes" / "default" / "templates"',
        'code / "themes" / "default" / "templates"',
        "the built-in templates are at themes/default/templates in the checkout",
    ),
    Patch(
        "tests/test_wheel.py",
        'SOURCES = ("pyproject.toml", "README.md", "site_builder")',
        'SOURCES = ("pyproject.toml", "README.md", "site_builder", "themes")',
        "the wheel is built from the package and the theme's source",
    ),
    Patch(
        "README.md",
        "](site_builder/themes/default/strings/en.yml)",
        "](themes/default/strings/en.yml)",
        "a link in the README leads to the file in the repository",
        required=False,
    ),
    Patch(
        "README.md",
        "The pipeline, one module per step, data flowing one way:\n"
        "\n"
        "```\n"
        "site.yml + content/<story>/*.md   read      site_builder/core/config.py, content.py, "
        "markdown.py\n"
        "  -> Story / Article / Passage    model     site_builder/core/model.py\n"
        "  -> groups of passages           align     site_builder/align/ (normalise, "
        "similarity, cluster)\n"
        "  -> wording differences          frame     site_builder/frame/framing.py\n"
        "  -> pages                        render    site_builder/render/render.py + "
        "site_builder/themes/default\n"
        "  -> output/                      write     site_builder/write/write.py "
        "(deterministic; a rebuild\n"
        "                                            writes only what changed, never half a "
        "file)\n"
        "```\n"
        "\n"
        "`site_builder/commands/build.py` runs the steps story by story, in parallel "
        "processes (or on a\n"
        "dask cluster, `distribute.py`); `cache.py` keeps what the next build can reuse.\n",
        "The pipeline, one package per step, data flowing one way (a package imports only\n"
        "those above it; tests/test_layout.py checks it):\n"
        "\n"
        "```\n"
        "site.yml + content/<story>/*.md   read      site_builder/read/ (content, markdown)\n"
        "  -> Story / Article / Passage    model     site_builder/core/ (model, config, text, "
        "languages)\n"
        "  -> groups of passages           align     site_builder/align/ (normalise, "
        "similarity, cluster)\n"
        "  -> wording differences          frame     site_builder/frame/ (framing)\n"
        "  -> pages                        render    site_builder/render/ (views, render) + "
        "themes/default/\n"
        "  -> output/                      write     site_builder/write/ (write, cache: "
        "deterministic; a\n"
        "                                            rebuild writes only what changed, never "
        "half a file)\n"
        "```\n"
        "\n"
        "`site_builder/commands/` holds the command line and what it runs: `build.py` runs "
        "the\n"
        "steps story by story, in parallel processes (or on a dask cluster, "
        "`distribute.py`);\n"
        "`site_builder/importers/` makes content from BASIL and web pages. The default "
        "theme's\n"
        "source is `themes/default/`, shipped in the wheel as `site_builder/themes/default/`.\n",
        "the README's pipeline table names the packages",
        required=False,
    ),
]


class Refused(Exception):
    """What stops the script before it changes anything."""


@dataclass
class Plan:
    """Everything the relayout does, worked out before anything is changed."""

    moves: list[tuple[str, str]] = field(default_factory=list)  # git mv old new
    new_files: dict[str, str] = field(default_factory=dict)  # path -> text
    rewrites: dict[str, str] = field(default_factory=dict)  # path (after moves) -> text
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def git(*args: str) -> str:
    """Run git at the repository's root; its output."""
    return subprocess.run(["git", *args], check=True, capture_output=True, text=True).stdout


def tracked() -> list[str]:
    """Every file git tracks (paths relative to the root)."""
    return git("ls-files", "-z").split("\0")[:-1]


def plan_moves(files: list[str], plan: Plan) -> dict[str, str]:
    """The moves of site_builder/'s top level and of tests/: old path -> new path."""
    moved: dict[str, str] = {}
    unknown: set[str] = set()
    for path in files:
        parts = PurePosixPath(path).parts
        if parts[0] == PKG and len(parts) >= 2:
            top = parts[1]
            if top in STAY or (top in PACKAGES and len(parts) > 2):
                continue
            name = top.removesuffix(".py")
            if len(parts) == 2 and top.endswith(".py") and name in MODULES:
                moved[path] = f"{PKG}/{MODULES[name]}/{top}"
            elif len(parts) > 2 and top in DATA:
                moved[path] = "/".join((PKG, DATA[top], *parts[1:]))
            elif len(parts) > 2 and top == THEMES:
                moved[path] = "/".join(parts[1:])
            else:
                unknown.add("/".join(parts[:2]))
        elif parts[0] == "tests" and len(parts) == 2 and parts[1].startswith("test_"):
            name = parts[1].removesuffix(".py")
            if name in TEST_PACKAGE:
                moved[path] = f"tests/{TEST_PACKAGE[name]}/{parts[1]}"
            elif name not in TESTS_STAYING and parts[1].endswith(".py"):
                plan.notes.append(f"{path}: a test file the map does not know; it stays")
    if unknown:
        raise Refused(
            "site_builder/ holds what the map does not place (add each to MODULES or DATA "
            "in scripts/relayout.py):\n  "
            + "\n  ".join(f"{u}{hint(u, files)}" for u in sorted(unknown))
        )
    exists = set(files)
    clashes = [new for new in moved.values() if new in exists]
    if clashes:
        raise Refused("files already where others would move:\n  " + "\n  ".join(clashes))
    plan.moves = sorted(moved.items())
    return moved


def packages_used(path: str) -> set[str]:
    """The packages (as MODULES places them) of what the module at `path` imports."""
    try:
        tree = ast.parse(Path(path).read_text(encoding="utf-8"))
    except (OSError, SyntaxError, UnicodeDecodeError):
        return set()
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == PKG:
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith(f"{PKG}."):
            names.add(node.module.split(".")[1])
        elif isinstance(node, ast.Import):
            names |= {a.name.split(".")[1] for a in node.names if a.name.startswith(f"{PKG}.")}
    return {MODULES.get(n, n) for n in names} & set(PACKAGES)


def hint(unknown: str, files: list[str]) -> str:
    """For a module the map does not place: the packages it imports, those of the
    modules that import it, and the lowest package those rules allow (a hint for the
    person who adds it to MODULES; the script does not act on it)."""
    if not unknown.endswith(".py"):
        return ""
    name = PurePosixPath(unknown).stem
    uses = packages_used(unknown)
    users = set()
    for path in files:
        if path.startswith(f"{PKG}/") and path.endswith(".py") and path != unknown:
            text = Path(path).read_text(encoding="utf-8")
            if re.search(rf"\b{PKG}\.{name}\b|from {PKG} import [^\n]*\b{name}\b", text):
                top = PurePosixPath(path).parts[1].removesuffix(".py")
                users.add(MODULES.get(top, top))
    fits = [
        p
        for p, (_, allowed) in PACKAGES.items()
        if uses <= {p, *allowed} and all(u == p or p in PACKAGES.get(u, ("", ()))[1] for u in users)
    ]
    return (
        f"  (imports {', '.join(sorted(uses)) or 'nothing of ours'}; imported from "
        f"{', '.join(sorted(users & set(PACKAGES))) or 'no package'}; the rules allow: "
        f"{', '.join(fits) or 'none'})"
    )


def module_name(path: str) -> str | None:
    """The dotted name of the module at `path` (None if not a Python module)."""
    if not path.endswith(".py"):
        return None
    parts = list(PurePosixPath(path).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def renamed_modules(moved: dict[str, str]) -> dict[str, str]:
    """Old dotted module name -> new (site_builder's modules and the tests)."""
    names = {}
    for old, new in moved.items():
        old_name, new_name = module_name(old), module_name(new)
        if old_name and new_name:
            names[old_name] = new_name
    return names


def absolute_imports(source: str, old_path: str) -> str:
    """`source` with its relative imports written out in full (as at `old_path`), so
    that the renames below reach them; a module outside site_builder/ keeps its own."""
    if not old_path.startswith(f"{PKG}/") or "from ." not in source:
        return source
    tree = ast.parse(source)
    package = module_name(old_path).split(".")
    if not old_path.endswith("__init__.py"):
        package.pop()
    lines = source.splitlines(keepends=True)
    for node in sorted(ast.walk(tree), key=lambda n: -getattr(n, "lineno", 0)):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package[: len(package) - node.level + 1]
            module = ".".join([*base, *([node.module] if node.module else [])])
            names = ", ".join(a.name + (f" as {a.asname}" if a.asname else "") for a in node.names)
            statement = f"from {module} import {names}"
            replace_node(lines, node, statement)
    return "".join(lines)


def replace_node(lines: list[str], node: ast.stmt, statement: str) -> None:
    """Replace the lines of statement `node` by `statement` (one or more lines), at its
    indentation; only for a statement that has its lines to itself."""
    first, last = node.lineno - 1, node.end_lineno - 1
    indent = lines[first][: node.col_offset]
    after = lines[last][node.end_col_offset :].strip()
    if indent.strip() or (after and not after.startswith("#")):
        raise Refused(f"an import shares its line with other code: {lines[first].strip()}")
    comment = f"  {after}" if after else ""  # kept on each line: a noqa holds for each
    lines[first : last + 1] = [
        "".join(f"{indent}{line}{comment}\n" for line in statement.splitlines())
    ]


def split_package_imports(source: str, modules: dict[str, str]) -> str:
    """`from site_builder import a, b` -> one import per package the names now live in."""
    if f"from {PKG} import" not in source:
        return source
    tree = ast.parse(source)
    lines = source.splitlines(keepends=True)
    nodes = [
        n
        for n in ast.walk(tree)
        if isinstance(n, ast.ImportFrom) and n.module == PKG and not n.level
    ]
    for node in sorted(nodes, key=lambda n: -n.lineno):
        groups: dict[str, list[str]] = {}
        for alias in node.names:
            full = modules.get(f"{PKG}.{alias.name}", f"{PKG}.{alias.name}")
            home = full.rsplit(".", 1)[0]
            groups.setdefault(home, []).append(
                alias.name + (f" as {alias.asname}" if alias.asname else "")
            )
        if list(groups) == [PKG]:
            continue
        replace_node(
            lines, node, "\n".join(f"from {m} import {', '.join(n)}" for m, n in groups.items())
        )
    return "".join(lines)


FILE_PATH = re.compile(r"Path\(__file__\)((?:\.resolve\(\))?)(\.parents\[(\d+)\]|\.parent\b)")


def deeper_file_paths(source: str, path: str, data_here: set[str]) -> str:
    """In a file moved one folder down: `Path(__file__).parent` one more level up,
    except where it names a data folder that moved along with it."""

    def one_up(match: re.Match) -> str:
        resolve, parent, level = match.group(1), match.group(2), match.group(3)
        after = source[match.end() : match.end() + 40]
        along = re.match(r'\s*/\s*["\'](\w+)["\']', after)
        if parent == ".parent" and along and along.group(1) in data_here:
            return match.group(0)
        if level is not None:
            return f"Path(__file__){resolve}.parents[{int(level) + 1}]"
        return f"Path(__file__){resolve}.parent.parent"

    rewritten = FILE_PATH.sub(one_up, source)
    leftover = source.count("__file__") - len(FILE_PATH.findall(source))
    other = len(re.findall(r"\w\.__file__", source))  # another module's file, not this one's
    if leftover - other:
        raise Refused(f"{path}: a use of __file__ the script cannot adjust; fix it by hand")
    return rewritten


def one_pass(text: str, names: dict[str, str], before: str, after: str) -> str:
    """`text` with each of `names` (old -> new) replaced by its new name, in one pass."""
    if not names:
        return text
    choices = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.sub(before + choices + after, lambda m: names[m.group(1)], text)


def rename_references(text: str, modules: dict[str, str], moved: dict[str, str]) -> str:
    """Dotted names, file paths and path joins of moved modules, data and tests."""
    # One pass each, so that a new name is not renamed again (site_builder.export becomes
    # site_builder.render.export, which must not then become site_builder.render.render...).
    text = one_pass(text, modules, r"\b(", r")\b(?![\w-])")
    text = one_pass(
        text, {o: n for o, n in moved.items() if o.endswith(".py")}, r"(?<![\w/])(", r")\b"
    )
    for folder, package in DATA.items():
        text = re.sub(rf"\b{PKG}/{folder}\b", f"{PKG}/{package}/{folder}", text)
        text = re.sub(
            rf"files\((['\"]){PKG}\1\)(\s*/\s*)(['\"]){folder}\3",
            rf'files("{PKG}.{package}")\2\3{folder}\3',
            text,
        )
        text = re.sub(
            rf"(['\"]){PKG}\1(\s*/\s*)(['\"]){folder}\3",
            rf"\1{PKG}\1\2\3{package}\3\2\3{folder}\3",
            text,
        )
    return text


def rewrite_file(path: str, old_path: str, text: str, modules, moved, data_of) -> str:
    """The text of one file after the relayout (before PATCHES)."""
    if path.endswith(".py"):
        text = absolute_imports(text, old_path)
    # Dotted names before `from site_builder import x` is split: a package may have the
    # name its module had (site_builder.write is now the package of write.py and cache.py).
    text = rename_references(text, modules, moved)
    if path.endswith(".py"):
        text = split_package_imports(text, modules)
        if path != old_path and len(PurePosixPath(path).parts) > len(PurePosixPath(old_path).parts):
            text = deeper_file_paths(text, path, data_of(path))
    return text


def apply_patches(texts: dict[str, str], plan: Plan) -> None:
    """Apply PATCHES to the rewritten texts; refuse if a required one does not fit."""
    failed = []
    for patch in PATCHES:
        text = texts.get(patch.path)
        if text is not None and patch.new in text:
            continue  # done before
        if text is None or text.count(patch.old) != 1:
            message = f"{patch.path}: expected text not found ({patch.why}):\n{patch.old}"
            (failed if patch.required else plan.warnings).append(message)
            continue
        texts[patch.path] = text.replace(patch.old, patch.new)
    if failed:
        raise Refused("patches that no longer fit (edit PATCHES):\n\n" + "\n\n".join(failed))


def pyproject_packages(text: str, packages: list[str]) -> str:
    """pyproject.toml with an explicit package list, the theme's package-dir mapping
    and each package's data, from whatever the old find/package-data sections held."""
    if f'"{PKG}.{THEMES}" = "{THEMES}"' in text:
        return text  # done before
    find = re.search(r"\[tool\.setuptools\.packages\.find\]\n(?:[^\[\n][^\n]*\n|\n)*", text)
    data = re.search(r"\[tool\.setuptools\.package-data\]\n(?:[^\[\n][^\n]*\n|\n)*", text)
    if not find or not data:
        raise Refused("pyproject.toml: no [tool.setuptools.packages.find] or package-data")
    entries: dict[str, list[str]] = {}
    for line in data.group(0).splitlines()[1:]:
        if not line.strip():
            continue
        key, _, value = line.partition("=")
        if key.strip().strip('"') != PKG:
            raise Refused(f"pyproject.toml: package data the script does not know: {line}")
        for pattern in ast.literal_eval(value.strip()):
            top, _, rest = pattern.partition("/")
            if top == THEMES:
                entries.setdefault(f"{PKG}.{THEMES}", []).append(rest)
            elif top in DATA:
                entries.setdefault(f"{PKG}.{DATA[top]}", []).append(pattern)
            elif top in PACKAGES:
                entries.setdefault(f"{PKG}.{top}", []).append(rest)
            else:
                raise Refused(f"pyproject.toml: package data the script does not place: {pattern}")
    listed = "".join(f'    "{p}",\n' for p in packages)
    new_find = (
        "[tool.setuptools]\n"
        "# Listed, not found: site_builder.themes is the top-level themes/ folder (the\n"
        "# default theme's source), shipped inside the package (tests/test_layout.py).\n"
        f"packages = [\n{listed}]\n\n"
        "[tool.setuptools.package-dir]\n"
        f'"{PKG}.{THEMES}" = "{THEMES}"\n\n'
    )
    rows = "".join(f'"{name}" = {entries[name]!r}\n' for name in sorted(entries))
    new_data = "[tool.setuptools.package-data]\n" + rows.replace("'", '"') + "\n"
    text = text.replace(data.group(0), new_data)
    return text.replace(find.group(0), new_find)


def final_packages(files_after: set[str]) -> list[str]:
    """Every package of the relaid tree (folders with an __init__.py), and the theme's."""
    found = {module_name(p) for p in files_after if p.startswith(f"{PKG}/")}
    found = {m for m in found if m and f"{m.replace('.', '/')}/__init__.py" in files_after}
    return sorted(found | {f"{PKG}.{THEMES}"})


def build_plan() -> Plan:
    """Work out every move and every rewrite; raise Refused if anything does not fit."""
    plan = Plan()
    if not Path("pyproject.toml").is_file() or not Path(PKG).is_dir():
        raise Refused("run at the repository's root (pyproject.toml, site_builder/)")
    files = tracked()
    moved = plan_moves(files, plan)
    after = {moved.get(p, p) for p in files}
    for name, (doc, _) in PACKAGES.items():
        init = f"{PKG}/{name}/__init__.py"
        if init not in after:
            plan.new_files[init] = f'"""{doc}"""\n'
    for name in TESTS:
        init = f"tests/{name}/__init__.py"
        if init not in after and any(p.startswith(f"tests/{name}/") for p in after):
            plan.new_files[init] = ""
    if "tests/test_layout.py" not in after:
        plan.new_files["tests/test_layout.py"] = layout_test()
    after |= set(plan.new_files)
    # Only what moves in this run is renamed: run again, the script renames nothing
    # (site_builder.write, once write.py, is then the package).
    modules = renamed_modules(moved)
    path_moves = {old: new for old, new in moved.items() if old.endswith(".py")}
    for pkg_name, package in MODULES.items():  # also in docs written after an earlier run
        path_moves.setdefault(f"{PKG}/{pkg_name}.py", f"{PKG}/{package}/{pkg_name}.py")

    def data_of(path: str) -> set[str]:
        if not path.startswith(f"{PKG}/"):
            return set()
        folder = PurePosixPath(path).parent.name
        return {d for d, p in DATA.items() if p == folder}

    texts: dict[str, str] = {}
    back = {new: old for old, new in moved.items()}
    for path in sorted(after - set(plan.new_files)):
        if path in SKIP_REWRITE or path.startswith(SKIP_FOLDERS):
            continue
        if PurePosixPath(path).suffix not in TEXT_SUFFIXES and path != ".ci/run":
            continue
        old_path = back.get(path, path)
        original = Path(old_path).read_text(encoding="utf-8")
        texts[path] = rewrite_file(path, old_path, original, modules, path_moves, data_of)
        if path == "pyproject.toml":
            texts[path] = pyproject_packages(texts[path], final_packages(after))
    apply_patches(texts, plan)
    for path, text in texts.items():
        if text != Path(back.get(path, path)).read_text(encoding="utf-8"):
            plan.rewrites[path] = text
    return plan


def execute(plan: Plan) -> list[str]:
    """Make the moves with git mv, write the new and rewritten files; the Python files
    touched."""
    for old, new in plan.moves:
        Path(new).parent.mkdir(parents=True, exist_ok=True)
        git("mv", old, new)
    for path, text in {**plan.new_files, **plan.rewrites}.items():
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        Path(path).write_text(text, encoding="utf-8")
    if plan.new_files:
        git("add", *plan.new_files)
    if plan.rewrites:
        git("add", *plan.rewrites)
    for folder in (Path(PKG) / THEMES, *(Path(PKG) / d for d in DATA)):
        if folder.is_dir() and not any(p.is_file() for p in folder.rglob("*")):
            shutil.rmtree(folder)  # left empty by git mv (only empty folders in it)
    return sorted(p for p in {*plan.new_files, *plan.rewrites} if p.endswith(".py"))


def tidy(paths: list[str]) -> None:
    """Sort the imports of the touched Python files and format them (ruff), as
    `ruff check` and `ruff format --check` want them."""
    ruff = shutil.which("ruff")
    if ruff is None:
        print("ruff not found: run `ruff check --select I --fix . && ruff format .` yourself")
        return
    subprocess.run([ruff, "check", "--select", "I", "--fix", "--quiet", *paths], check=False)
    subprocess.run([ruff, "format", "--quiet", *paths], check=False)
    git("add", *paths)


def main(argv: list[str] | None = None) -> int:
    """Plan the relayout, then (unless --dry-run) carry it out."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dry-run", action="store_true", help="say what would change")
    args = parser.parse_args(argv)
    try:
        if not args.dry_run and git("status", "--porcelain", "--untracked-files=no").strip():
            raise Refused("the work tree has uncommitted changes; commit or stash them first")
        plan = build_plan()
    except Refused as refusal:
        print(f"relayout: nothing changed. {refusal}", file=sys.stderr)
        return 1
    for old, new in plan.moves:
        print(f"move     {old} -> {new}")
    for path in plan.new_files:
        print(f"create   {path}")
    for path in plan.rewrites:
        print(f"rewrite  {path}")
    for note in plan.notes:
        print(f"note     {note}")
    for warning in plan.warnings:
        print(f"WARNING  {warning}", file=sys.stderr)
    if not (plan.moves or plan.new_files or plan.rewrites):
        print("relayout: nothing to do (already done)")
        return 0
    if args.dry_run:
        print("relayout: dry run, nothing changed")
        return 0
    tidy(execute(plan))
    print(
        "relayout: done (staged, not committed). Next: `pip install -e .` where site-builder "
        "is installed editable (the entry point moved), then run the tests."
    )
    return 0


def layout_test() -> str:
    """tests/test_layout.py: the layout's rules, as a test."""
    allowed = "".join(
        f"    {name!r}: {'{' + ', '.join(map(repr, deps)) + '}' if deps else 'set()'},\n"
        for name, (_, deps) in PACKAGES.items()
    )
    return LAYOUT_TEST.replace("@ALLOWED@", allowed)


LAYOUT_TEST = '''"""The package layout shows the pipeline (issue 26): each package imports only
those below it, the top of site_builder/ holds packages only, the default theme's source is
themes/default/ and the wheel lists every package."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from tests.conftest import REPO

PACKAGE = REPO / "site_builder"
ALLOWED = {  # package -> the packages of site_builder it may import
@ALLOWED@}


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
    listed = set(re.findall(r'"(site_builder[\\w.]*)",', pyproject))
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
'''


if __name__ == "__main__":
    sys.exit(main())
