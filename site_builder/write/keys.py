"""The build cache's keys: hashes of everything a story's, or the site's, build depends
on (its files, the settings, the theme, the program and the libraries that shape the
output), so a result is reused only if nothing it was made from changed.

sources.json's stamps (SourceStamps) let a rebuild stat a file instead of reading and
hashing it again: like git, a file changed in the last RACY_SECONDS is read again next
time, as an edit within its time's granularity would not show.
"""

from __future__ import annotations

import errno
import hashlib
import importlib.machinery
import importlib.util
import os
import re
import stat
import sys
import time
from collections.abc import Iterable
from contextlib import suppress
from dataclasses import field
from functools import lru_cache
from pathlib import Path

from site_builder import __version__
from site_builder.core.config import SiteConfig
from site_builder.core.records import record
from site_builder.read.content import is_story_file

RACY_SECONDS = 2.0
"""A file modified this recently is not trusted by its stat alone (see SourceStamps)."""


@record
class SourceStamps:
    """The content hash of each source file the last build read, under the file's stat
    (size, modification and change times, inode), so an unchanged file need not be
    read again to know it is unchanged."""

    known: dict[str, list] = field(default_factory=dict)
    changed: bool = False
    program: str | None = None
    """program_fingerprint, once worked out with these stamps."""

    def digest(self, path: str, info: os.stat_result) -> str | None:
        """The hash recorded for `path` if its stat is the one recorded with it."""
        found = self.known.get(path)
        return found[4] if found and found[:4] == _signature(info) else None

    def record(self, path: str, info: os.stat_result, digest: str) -> None:
        """Remember `digest` for `path` (not for a file too recently changed to trust
        its stat: an edit in the same clock tick would not show)."""
        stamp = [*_signature(info), digest]
        if info.st_mtime_ns / 1e9 < time.time() - RACY_SECONDS and self.known.get(path) != stamp:
            self.known[path] = stamp
            self.changed = True


def _signature(info: os.stat_result) -> list[int]:
    return [info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino]


def story_key(
    folder: Path, config: SiteConfig, theme: str, stamps: SourceStamps | None = None
) -> str:
    """A hash of everything one story's build depends on: the settings, the theme, the
    program, the folder's name (the story's address, and its title where _story.md gives
    none: a story renamed is a story changed) and what the reader finds in each file it
    reads (content.is_story_file).

    A file the reader cannot read as a regular file (a dangling or looping link, a
    FIFO, a folder named like an article) counts as what it is, so adding one changes
    the key and the story is read again: a cached build then meets it as a cold one
    does, and gives the same result. With `stamps`, a regular file whose stat is
    unchanged since the last build is not read again.
    """
    digest = hashlib.sha256()
    digest.update(repr((program_fingerprint(stamps), theme, _settings(config))).encode())
    digest.update(os.fsencode(folder.name) + b"\0")
    for name in sorted(os.listdir(folder)):
        if is_story_file(name):
            path = os.path.join(folder, name)
            digest.update(os.fsencode(name) + b"\0" + _source_digest(path, stamps) + b"\0")
    return digest.hexdigest()


def _source_digest(path: str, stamps: SourceStamps | None) -> bytes:
    """A hash of what the reader finds at `path` (see _found_at), from `stamps` when the
    file is a regular file (or a link to one) whose stat is as recorded."""
    info = None
    if stamps is not None:
        with suppress(OSError):
            info = os.stat(path)
        if info is not None and stat.S_ISREG(info.st_mode) and not os.path.islink(path):
            known = stamps.digest(path, info)
            if known is not None:
                return known.encode()
        else:
            info = None
    found = hashlib.sha256(_found_at(path)).hexdigest()
    if info is not None:
        stamps.record(path, info, found)
    return found.encode()


def _found_at(path: str) -> bytes:
    """The bytes of the regular file at `path` (following links, as the reader does),
    plus where a link leads; else what stands there instead. Opens nothing that is not
    a regular file, so a FIFO never blocks."""
    found = b""
    if os.path.islink(path):
        found = b"link to " + os.fsencode(os.path.realpath(path)) + b"\0"
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:  # dangling or looping link, no permission
        return found + f"unreadable: {errno.errorcode.get(exc.errno, exc.errno)}".encode()
    kind = stat.S_IFMT(os.fstat(descriptor).st_mode)
    if kind != stat.S_IFREG:
        os.close(descriptor)
        return found + f"not a regular file: {kind:o}".encode()
    with open(descriptor, "rb") as file:
        try:
            return found + file.read()
        except OSError as exc:
            return found + f"unreadable: {errno.errorcode.get(exc.errno, exc.errno)}".encode()


def site_key(
    config: SiteConfig, story_keys: Iterable[str], stamps: SourceStamps | None = None
) -> str:
    """A hash of everything the whole site depends on: every story (whose keys already
    cover the settings and templates) and the theme's static files."""
    program = program_fingerprint(stamps)
    digest = hashlib.sha256(repr((program, _settings(config))).encode())
    for key in story_keys:
        digest.update(key.encode())
    digest.update(files_digest(config.site_theme.static_files()).encode())
    return digest.hexdigest()


OUTPUT_LIBRARIES = {
    "markdown-it-py": "markdown_it",
    "mdurl": "mdurl",
    "jinja2": "jinja2",
    "markupsafe": "markupsafe",
    "PyYAML": "yaml",
    "rapidfuzz": "rapidfuzz",
    "PyStemmer": "Stemmer",
    "anyascii": "anyascii",
}
"""Libraries whose code runs in a build and whose version can change what it writes
(markdown-it-py's links go through mdurl; Jinja2's escaping is markupsafe's; site.yml
and front matter are read by PyYAML; anyascii makes the addresses of stories named in
other scripts), with the module each installs."""


def _runtime() -> str:
    """The Python and Unicode versions (Unicode decides which letters fold, split and
    make an address) and whether PyYAML reads with libyaml."""
    import unicodedata

    return f"python={sys.version}\0unicode={unicodedata.unidata_version}\0libyaml={_libyaml()}"


def _libyaml() -> bool:
    """Whether PyYAML has libyaml's parser (CSafeLoader), told without importing PyYAML
    (~13 ms a rebuild that reads its YAML from parsed copies need not pay): from the
    module once imported, else whether PyYAML's folder holds its compiled `_yaml`
    module, which is what gives it CSafeLoader."""
    import importlib.machinery
    import importlib.util

    loaded = sys.modules.get("yaml")
    if loaded is not None:
        return hasattr(loaded, "CSafeLoader")
    spec = importlib.util.find_spec("yaml")
    if spec is None or not spec.submodule_search_locations:
        return False
    suffixes = tuple(importlib.machinery.EXTENSION_SUFFIXES)
    for folder in spec.submodule_search_locations:
        with suppress(OSError):
            if any(n.startswith("_yaml.") and n.endswith(suffixes) for n in os.listdir(folder)):
                return True
    return False


def program_fingerprint(stamps: SourceStamps | None = None) -> str:
    """A hash of site-builder's version and code and of the versions of the libraries
    that shape its output: results cached by another version, a changed checkout, or
    with other libraries are never reused.

    With `stamps`, each of the package's files is hashed only if its stat (size, times,
    inode) differs from the one recorded with its hash in sources.json (validated as
    data when read, like every cache file): a rebuild then stats the code instead of
    reading and hashing all of it (the rarity tables are megabytes).
    """
    if stamps is None:
        return _program_fingerprint_read()
    if stamps.program is None:
        stamps.program = _program_fingerprint(stamps)
    return stamps.program


@lru_cache(maxsize=1)
def _program_fingerprint_read() -> str:
    return _program_fingerprint(None)


def forget_program_fingerprint() -> None:
    """Work the program's fingerprint out again at its next use (this process's Python
    or libraries were changed under it: tests do that)."""
    _program_fingerprint_read.cache_clear()


def _program_fingerprint(stamps: SourceStamps | None) -> str:
    package = Path(__file__).parent.parent
    digest = hashlib.sha256(__version__.encode())
    digest.update(_runtime().encode())
    for library in OUTPUT_LIBRARIES:
        digest.update(f"{library}={_version_of(library)}".encode())
    files = _program_files(package)
    if any(path.name == COMPILED_RECORD for path in files):
        # The opt-in compiled core: its shared library (mypyc's runtime compiled in) sits
        # beside the package, and mypyc's runtime package may serve it.
        digest.update(f"{MYPYC_RUNTIME}={_version_of(MYPYC_RUNTIME, MYPYC_RUNTIME)}".encode())
        files.extend(compiled_libraries(package).values())
    for path in files:
        digest.update(os.path.relpath(path, package).encode() + b"\0")
        digest.update(_source_digest(str(path), stamps))
    return digest.hexdigest()


COMPILED_RECORD = "compiled.json"
"""The compiled core's record of its sources (site_builder/core/compiled.py)."""

MYPYC_RUNTIME = "librt"
"""mypyc's runtime package (mypy 1.18 on), whose version is in the key of a compiled
install."""


def _program_files(package: Path) -> list[Path]:
    """The package's files whose content is the program, sorted: its Python modules, its
    data (rarity tables, language packs), and any compiled module (an extension module
    is imported before the .py of the same name, so it is the code that runs) with the
    compiled core's record, in one walk of the folder."""
    extensions = tuple(importlib.machinery.EXTENSION_SUFFIXES)
    found = []
    for folder, subfolders, names in os.walk(package):
        subfolders[:] = sorted(d for d in subfolders if d != "__pycache__")
        data = os.path.basename(folder) == "language_data"
        for name in names:
            if (
                name.endswith((".py", ".txt.gz", *extensions))
                or (data and name.endswith(".json"))
                or (name == COMPILED_RECORD and folder == str(package))
            ):
                found.append(Path(folder, name))
    return sorted(found)


def compiled_libraries(package: Path) -> dict[str, Path]:
    """The compiled core's shared library (top-level module name -> file), as Python
    would load it: mypyc puts the compiled code, and its runtime, in one
    `<group>__mypyc` library beside the package (group: the record's), which the
    modules in the package only load."""
    from site_builder.core.compiled import compiled_record

    with suppress(ImportError, ValueError):
        record = compiled_record(str(package))
        if record is not None:
            name = f"{record['group']}__mypyc"
            spec = importlib.util.find_spec(name)
            if spec is not None and spec.origin is not None:
                return {name: Path(spec.origin)}
    return {}


def theme_fingerprint(config: SiteConfig) -> str:
    """A hash of the theme's templates and of the strings files its words are read from
    (the site's language's and English, in every layer); static files do not change a
    story's pages."""
    theme = config.site_theme
    strings = dict.fromkeys([*theme.strings_files(config.language), *theme.strings_files("en")])
    files = {f"strings:{n}:{path.name}": path for n, path in enumerate(strings)}
    return files_digest({**theme.template_files(), **files})


def files_digest(files: dict[str, Path]) -> str:
    """A hash of the names and contents of `files` (name -> file)."""
    digest = hashlib.sha256()
    for name, path in sorted(files.items()):
        digest.update(name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def frame_key(config: SiteConfig, theme: str, stamps: SourceStamps | None = None) -> str:
    """A hash of what the site-wide pages depend on besides the stories' cards and the
    list of files: the program, every setting (the output folder's included) and the
    theme's templates and strings (`theme`: theme_fingerprint's)."""
    settings = repr(config)  # a dataclass of plain values: the same text for the same site
    return hashlib.sha256(repr((program_fingerprint(stamps), theme, settings)).encode()).hexdigest()


def _settings(config: SiteConfig) -> tuple:
    """The settings a story's build depends on (not where the output goes)."""
    return (
        config.alignment,
        config.loaded_words,
        config.title,
        config.description,
        config.base_url,
        config.site_url,
        config.language,
        config.theme,
        config.outlets,
        config.report_url,
        config.pair_pages,
    )


@lru_cache(maxsize=len(OUTPUT_LIBRARIES) + 1)  # and mypyc's runtime (MYPYC_RUNTIME)
def _version_of(library: str, module_name: str | None = None) -> str:
    """The installed version of `library` (one of OUTPUT_LIBRARIES), from the name of
    its .dist-info folder beside its module; where there is none (a library run from
    a checkout), the module file's size and time, which change when it is replaced.

    importlib.metadata says the same but takes longer to import than a rebuild after
    one edit takes to run.
    """
    spec = importlib.util.find_spec(module_name or OUTPUT_LIBRARIES[library])
    if spec is None:
        return ""
    origin = spec.origin  # (not set on the spec: an imported module's own spec is returned)
    if origin is None:  # a namespace package (mypyc's librt): its first folder
        if not spec.submodule_search_locations:
            return ""
        origin = os.path.join(next(iter(spec.submodule_search_locations)), "__init__.py")
    module = Path(origin)
    folder = module.parent.parent if module.name == "__init__.py" else module.parent
    prefix = re.sub(r"[-_.]+", "_", library).lower() + "-"
    for name in _dist_infos(folder):
        if name.lower().startswith(prefix):
            return name[len(prefix) : -len(".dist-info")]
    with suppress(OSError):
        stat = module.stat()
        return f"{stat.st_size}:{stat.st_mtime_ns}"
    return ""


@lru_cache(maxsize=len(OUTPUT_LIBRARIES))
def _dist_infos(folder: Path) -> tuple[str, ...]:
    """The names of the .dist-info folders in `folder`, sorted: listed once for all the
    libraries installed there (a site-packages folder holds hundreds of names)."""
    return tuple(sorted(name for name in os.listdir(folder) if name.endswith(".dist-info")))
