"""site.yml: a declarative schema, validated once at load.

Each key is one `Option` with a type, a default and a docstring; unknown keys are
rejected with the list of known ones, and every message names the key at fault.
The result is a frozen `SiteConfig` that the rest of the pipeline only reads.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from dataclasses import MISSING, dataclass, field, fields, replace
from pathlib import Path
from typing import Any

import yaml

from site_builder.errors import SiteError
from site_builder.theme import BUILTIN_THEMES, Theme, available_themes, find_theme


@dataclass(frozen=True)
class AlignmentConfig:
    """Settings of the aligner (the `alignment:` section; documented in ALIGNMENT_OPTIONS)."""

    threshold: float = 0.08
    seed_threshold: float = 0.16
    min_shared_terms: int = 2
    fuzzy_names: int = 88
    aliases: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class SiteConfig:
    """The validated contents of site.yml plus the paths derived from its location."""

    title: str
    root: Path
    description: str = ""
    base_url: str = "/"
    site_url: str = ""
    theme: str = "default"
    content_dir: str = "content"
    output_dir: str = "output"
    language: str = "en"
    loaded_words: tuple[str, ...] = ()
    alignment: AlignmentConfig = field(default_factory=AlignmentConfig)

    @property
    def content_path(self) -> Path:
        """The folder holding one sub-folder per story."""
        return self.root / self.content_dir

    @property
    def output_path(self) -> Path:
        """Where the built site is written."""
        return self.root / self.output_dir

    @property
    def site_theme(self) -> Theme:
        """The theme's folders: the site's own `themes/<name>/`, then the built-in theme
        (see theme.py). load_config has checked that one of them exists."""
        theme = find_theme(self.theme, self.root)
        if theme is None:
            raise SiteError(f"unknown theme {self.theme!r}", self.root / "site.yml")
        return theme


@dataclass(frozen=True)
class Option:
    """One key of site.yml: its type, whether it is required, and a check of its value."""

    key: str
    doc: str
    convert: Callable[[str, Any], Any]
    required: bool = False


# --- value checks: each returns the converted value or raises ValueError with a message ---


def _string(key: str, value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"'{key}' must be a non-empty text, got {value!r}")
    return value.strip()


def _optional_string(key: str, value: Any) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValueError(f"'{key}' must be a text, got {value!r}")
    return value.strip()


def _base_url(key: str, value: Any) -> str:
    text = _string(key, value)
    if "://" in text or text.startswith("//"):
        raise ValueError(
            f"'{key}' is the path the site is served under, such as / or /repo-name/, "
            f"not a full address ({text!r}); put the full address in 'site_url'"
        )
    return normalise_base_url(text)


def _site_url(key: str, value: Any) -> str:
    text = _optional_string(key, value)
    if text and not re.match(r"^https?://[^/\s]+", text):
        raise ValueError(f"'{key}' must start with http:// or https://, got {text!r}")
    return text.rstrip("/")


def _relative_dir(key: str, value: Any) -> str:
    text = _string(key, value)
    if Path(text).is_absolute() or ".." in Path(text).parts:
        raise ValueError(f"'{key}' must be a folder inside the site, got {text!r}")
    return text


def _theme(key: str, value: Any) -> str:
    text = _string(key, value)
    if not re.fullmatch(r"[A-Za-z0-9_-]+", text):
        raise ValueError(f"'{key}' must be a theme name such as 'default', got {text!r}")
    return text


def _word_list(key: str, value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ValueError(f"'{key}' must be a list of words or phrases, got {value!r}")
    return tuple(dict.fromkeys(v.strip().lower() for v in value))


def _number(low: float, high: float, kind: type = float) -> Callable[[str, Any], Any]:
    def check(key: str, value: Any) -> Any:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ValueError(f"'{key}' must be a number from {low} to {high}, got {value!r}")
        if kind is int and value != int(value):
            raise ValueError(f"'{key}' must be a whole number from {low} to {high}, got {value!r}")
        if not low <= value <= high:
            raise ValueError(f"'{key}' must be from {low} to {high}, got {value!r}")
        return kind(value)

    return check


def _aliases(key: str, value: Any) -> dict[str, tuple[str, ...]]:
    if value is None:
        return {}
    message = f"'{key}' must map a name to a list of its other spellings, e.g. Kyiv: [Kiev]"
    if not isinstance(value, dict):
        raise ValueError(message)
    result: dict[str, tuple[str, ...]] = {}
    for name, variants in value.items():
        if isinstance(variants, str):
            variants = [variants]
        if not isinstance(name, (str, int)) or not isinstance(variants, list):
            raise ValueError(message)
        if not all(isinstance(v, (str, int)) for v in variants):
            raise ValueError(message)
        result[str(name)] = tuple(str(v) for v in variants)
    return result


ALIGNMENT_OPTIONS = (
    Option(
        "threshold", "Lowest sentence similarity (0-1) that links two sentences.", _number(0.0, 1.0)
    ),
    Option(
        "seed_threshold",
        "Lowest similarity (0-1) of the link that starts an event; "
        "weaker links only add passages linked to all its members.",
        _number(0.0, 1.0),
    ),
    Option(
        "min_shared_terms", "Fewest content words two linked sentences share.", _number(1, 20, int)
    ),
    Option(
        "fuzzy_names",
        "Lowest similarity (0-100) of two spellings of one name.",
        _number(50, 100, int),
    ),
    Option("aliases", "Canonical name -> list of other spellings.", _aliases),
)

SITE_OPTIONS = (
    Option("title", "The site's title, shown on every page.", _string, required=True),
    Option(
        "description",
        "One sentence about the site, for search engines and link previews.",
        _optional_string,
    ),
    Option("base_url", "The path the site is served under: / or /repo-name/.", _base_url),
    Option("site_url", "Full address of the site, for canonical links and sitemap.xml.", _site_url),
    Option(
        "theme",
        "Theme name: a built-in theme, overridden file by file by themes/<name>/ beside site.yml.",
        _theme,
    ),
    Option("content_dir", "Folder with one sub-folder per story.", _relative_dir),
    Option("output_dir", "Folder the built site is written to.", _relative_dir),
    Option("language", "Language code of the pages, e.g. en.", _string),
    Option("loaded_words", "Words or phrases to highlight as loaded language.", _word_list),
)


def normalise_base_url(text: str) -> str:
    """Return `text` as a path that starts and ends with '/' ('' and '/' give '/')."""
    parts = [p for p in text.strip().split("/") if p]
    return "/" + "".join(f"{p}/" for p in parts)


def load_config(
    path: Path, *, base_url: str | None = None, output_dir: Path | None = None
) -> SiteConfig:
    """Read and validate site.yml; command-line overrides win over the file.

    Raises SiteError naming the file, the line and the key for anything wrong, so a
    typo never turns into a silent default.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SiteError(
            "config file not found; run site-builder in the folder that holds site.yml "
            "or pass --config PATH",
            path,
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise SiteError(f"cannot read the config file: {exc}", path) from None
    data, lines = _parse_yaml_mapping(text, path)
    values = _validated(SITE_OPTIONS, data, lines, path, section="")
    alignment = AlignmentConfig(
        **_validated(
            ALIGNMENT_OPTIONS, data.get("alignment") or {}, lines, path, section="alignment."
        )
    )
    if alignment.seed_threshold < alignment.threshold:
        raise SiteError(
            f"'alignment.seed_threshold' ({alignment.seed_threshold}) must not be below "
            f"'alignment.threshold' ({alignment.threshold})",
            path,
            lines.get("alignment.seed_threshold") or lines.get("alignment.threshold"),
        )
    config = SiteConfig(root=path.parent.resolve(), alignment=alignment, **values)
    if base_url is not None:
        try:
            config = replace(config, base_url=_base_url("--base-url", base_url))
        except ValueError as exc:
            raise SiteError(str(exc)) from None
    if output_dir is not None:
        config = replace(config, output_dir=str(Path(output_dir).resolve()))
    _refuse_output_among_inputs(config, path, lines.get("output_dir"), output_dir)
    if find_theme(config.theme, config.root) is None:
        raise SiteError(
            f"unknown theme {config.theme!r}; available: "
            f"{', '.join(available_themes(config.root))} (built in, or a folder under "
            f"{config.root / 'themes'})",
            path,
            lines.get("theme"),
        )
    return config


def _refuse_output_among_inputs(
    config: SiteConfig, path: Path, line: int | None, option: Path | None
) -> None:
    """Refuse an output folder that is, contains or lies inside what a build reads.

    A build replaces everything in its output folder, so that folder must not be or
    contain the site's folder (site.yml), and must not be, contain or lie inside the
    content folder, the site's themes/ folder or site-builder's own package (with the
    built-in theme); nor be or contain the repository site-builder runs from. Links
    are followed: it is where the files are that counts.
    """
    output = Path(os.path.realpath(config.output_path))
    package = BUILTIN_THEMES.parent
    inputs = [  # (folder, what it is, whether the output may lie inside it)
        (config.root, "the site's folder ({}, which holds site.yml)", True),
        (config.content_path, "the content folder ({})", False),
        (config.root / "themes", "the site's themes folder ({})", False),
    ]
    if (package.parent / "pyproject.toml").is_file():
        inputs.append((package.parent, "the repository site-builder runs from ({})", True))
    inputs.append((package, "site-builder's own code and built-in theme ({})", False))
    for folder, what, may_lie_inside in inputs:
        folder = Path(os.path.realpath(folder))
        if output == folder:
            relation = "is"
        elif folder.is_relative_to(output):
            relation = "contains"
        elif output.is_relative_to(folder) and not may_lie_inside:
            relation = "lies inside"
        else:
            continue
        problem = (
            f"{relation} {what.format(_shown(folder, config.root))}; a build replaces "
            "everything in its output folder, so give it a folder of its own"
        )
        if option is not None:
            raise SiteError(f"--output {option}: {output} {problem}, such as --output output")
        raise SiteError(
            f"'output_dir: {config.output_dir}' {problem}, such as output_dir: output", path, line
        )


def _shown(folder: Path, root: Path) -> str:
    """`folder` relative to the site's folder when it lies inside it, else in full."""
    return (
        str(folder.relative_to(root))
        if folder.is_relative_to(root) and folder != root
        else str(folder)
    )


def config_reference() -> str:
    """The site.yml reference as Markdown, generated from the schema (used by the README)."""

    def default(cls: type, key: str) -> str:
        spec = {f.name: f for f in fields(cls)}[key]
        value = spec.default if spec.default_factory is MISSING else spec.default_factory()
        return "required" if value is MISSING else f"`{value!r}`" if value != "" else "empty"

    rows = ["| key | default | meaning |", "|---|---|---|"]
    rows += [f"| `{o.key}` | {default(SiteConfig, o.key)} | {o.doc} |" for o in SITE_OPTIONS]
    rows += [
        f"| `alignment.{o.key}` | {default(AlignmentConfig, o.key)} | {o.doc} |"
        for o in ALIGNMENT_OPTIONS
    ]
    return "\n".join(rows)


def _parse_yaml_mapping(text: str, path: Path) -> tuple[dict, dict[str, int]]:
    """Parse YAML text into a mapping plus the 1-based line of each top-level key."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        raise SiteError(f"invalid YAML: {problem}", path, mark.line + 1 if mark else None) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise SiteError("must be a mapping of keys to values (key: value)", path, 1)
    lines: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            lines[str(key_node.value)] = key_node.start_mark.line + 1
            if isinstance(value_node, yaml.MappingNode):
                for sub_key, _ in value_node.value:
                    lines[f"{key_node.value}.{sub_key.value}"] = sub_key.start_mark.line + 1
    return data, lines


def _validated(
    options: tuple[Option, ...], data: Any, lines: dict[str, int], path: Path, section: str
) -> dict[str, Any]:
    """Check `data` against `options`; return the converted values of the keys present."""
    if not isinstance(data, dict):
        raise SiteError(
            f"'{section.rstrip('.')}' must be a mapping of keys to values",
            path,
            lines.get(section.rstrip(".")),
        )
    known = {o.key for o in options} | ({"alignment"} if not section else set())
    for key in data:
        if key not in known:
            raise SiteError(
                f"unknown key '{section}{key}'; allowed keys: {', '.join(sorted(known))}",
                path,
                lines.get(f"{section}{key}"),
            )
    values: dict[str, Any] = {}
    for option in options:
        if option.key not in data:
            if option.required:
                raise SiteError(
                    f"missing required key '{section}{option.key}' ({option.doc})", path
                )
            continue
        try:
            values[option.key] = option.convert(section + option.key, data[option.key])
        except ValueError as exc:
            raise SiteError(str(exc), path, lines.get(section + option.key)) from None
    return values


def site_config_fields() -> list[str]:
    """Names of the SiteConfig fields (kept in step with SITE_OPTIONS by a test)."""
    return [f.name for f in fields(SiteConfig) if f.name not in {"root", "alignment"}]
