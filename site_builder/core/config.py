"""site.yml: a declarative schema, validated once at load.

Each key is one `Option` with a type, a default and a docstring; unknown keys are
rejected with the list of known ones, and every message names the key at fault.
The result is a frozen `SiteConfig` that the rest of the pipeline only reads.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from dataclasses import MISSING, field, fields, replace
from pathlib import Path
from typing import Any

from site_builder.core.errors import SiteError
from site_builder.core.inputs import (
    Invalid,
    Option,
    Schema,
    YamlMapping,
    YamlText,
    clean_text,
    excerpt,
    line_of,
    number,
    optional_text,
    read_text_file,
    text,
    word_list,
    yes_no,
)
from site_builder.core.languages import LANGUAGES
from site_builder.core.parsed import ParsedCopies, load_parsed
from site_builder.core.records import record
from site_builder.core.theme import BUILTIN_THEMES, PACKAGE, Theme, available_themes, find_theme

# --- value checks: each returns the converted value or raises Invalid with a message ---


def _base_url(key: str, value: Any) -> str:
    text_ = text(key, value)
    if "://" in text_ or text_.startswith("//"):
        raise Invalid(
            f"'{key}' is the path the site is served under, such as / or /repo-name/, "
            f"not a full address ({excerpt(text_)}); put the full address in 'site_url'"
        )
    return normalise_base_url(text_)


def _site_url(key: str, value: Any) -> str:
    address = optional_text(key, value)
    if address and not re.match(r"^https?://[^/\s]+", address):
        raise Invalid(f"'{key}' must start with http:// or https://, got {excerpt(address)}")
    return address.rstrip("/")


def _web_address(key: str, value: Any) -> str:
    address = optional_text(key, value)
    if address and not re.match(r"^https?://[^/\s]+", address):
        raise Invalid(f"'{key}' must start with http:// or https://, got {excerpt(address)}")
    return address


def _relative_dir(key: str, value: Any) -> str:
    folder = text(key, value)
    if Path(folder).is_absolute() or ".." in Path(folder).parts:
        raise Invalid(f"'{key}' must be a folder inside the site, got {excerpt(folder)}")
    return folder


def _theme(key: str, value: Any) -> str:
    name = text(key, value)
    if not re.fullmatch(r"[A-Za-z0-9_-]+", name):
        raise Invalid(f"'{key}' must be a theme name such as 'default', got {excerpt(name)}")
    return name


def _language(key: str, value: Any) -> str:
    code = text(key, value).lower()
    if code not in LANGUAGES:
        raise Invalid(
            f"'{key}' must be one of {', '.join(sorted(LANGUAGES))} (a language site-builder "
            f"can align), got {excerpt(code)}"
        )
    return code


def _aliases(key: str, value: Any) -> dict[str, tuple[str, ...]]:
    """`alignment.aliases`: each name with its other spellings, as lists or one text."""
    if value is None:
        return {}
    message = f"'{key}' must map a name to a list of its other spellings, e.g. Kyiv: [Kiev]"
    if not isinstance(value, YamlMapping):
        raise Invalid(f"{message}; got {excerpt(value)}")
    result: dict[str, tuple[str, ...]] = {}
    for name, variants in value.items():
        line = value.key_lines.get(name)
        items = [variants] if isinstance(variants, YamlText) else variants
        if not isinstance(items, list) or not all(
            isinstance(v, YamlText) and v.strip() for v in items
        ):
            raise Invalid(f"{message}; {excerpt(name)} has {excerpt(variants)}", line)
        if not clean_text(name).strip():
            raise Invalid(f"{message}; a name is empty", line)
        result[clean_text(name).strip()] = tuple(clean_text(v).strip() for v in items)
    return result


OPTION = "site_builder.option"
"""The key of a dataclass field's metadata that makes it a setting (see option)."""


def option(
    doc: str,
    convert: Callable[[str, Any], Any],
    *,
    default: Any = MISSING,
    default_factory: Any = MISSING,
    required: bool = False,
) -> Any:
    """A setting declared once, as a field of its section's dataclass: its default, the
    check that converts its value, and what it means. The schemas that validate site.yml
    (SITE_OPTIONS, ...), the defaults and the README's reference table (config_reference,
    scripts/update_readme_config.py) all come from these fields."""
    return field(
        default=default,
        default_factory=default_factory,
        metadata={OPTION: (doc, convert, required)},
    )


def options(cls: type) -> tuple[Option, ...]:
    """The settings of a section's dataclass (its fields made with option), in order."""
    return tuple(Option(f.name, *f.metadata[OPTION]) for f in fields(cls) if OPTION in f.metadata)


@record(frozen=True)
class AlignmentConfig:
    """Settings of the aligner (the `alignment:` section)."""

    threshold: float = option(
        "Lowest sentence similarity (0-1) of any link; links below event_threshold only "
        "make related groups, shown apart.",
        number(0.0, 1.0),
        default=0.08,
    )
    event_threshold: float = option(
        "Lowest similarity (0-1) of a link that reports the same event (when each sentence "
        "is the other's closest match for what they share; lower with a second kind of "
        "evidence): the groups a reader follows as 'also in'.",
        number(0.0, 1.0),
        default=0.16,
    )
    min_shared_terms: int = option(
        "Fewest specific things (names, places, numbers, uncommon words; a name counts "
        "once) two linked sentences share.",
        number(1, 20, int),
        default=2,
    )
    fuzzy_names: int = option(
        "Lowest similarity (0-100) of two spellings of one name.",
        number(50, 100, int),
        default=88,
    )
    aliases: Mapping[str, tuple[str, ...]] = option(
        "Canonical name -> list of other spellings.", _aliases, default_factory=dict
    )


@record(frozen=True)
class OutletProfile:
    """What the editor says of one outlet (the `outlets:` section): each field is the
    editor's own words, shown as given; '' where the editor says nothing."""

    name: str
    lean: str = option(
        "A short label of the editor's choosing (left, centre, right...).", text, default=""
    )
    owner: str = option("Who owns the outlet.", text, default="")
    country: str = option("Where the outlet is based.", text, default="")
    url: str = option("The outlet's home page (http:// or https://).", _web_address, default="")
    about: str = option("A sentence about the outlet.", text, default="")


@record(frozen=True)
class SiteConfig:
    """The validated contents of site.yml plus the paths derived from its location."""

    title: str = option("The site's title, shown on every page.", text, required=True)
    root: Path
    """The site's folder (where site.yml is): not a setting, set by load_config."""
    description: str = option(
        "One sentence about the site, for search engines and link previews.",
        optional_text,
        default="",
    )
    base_url: str = option(
        "The path the site is served under: / or /repo-name/.", _base_url, default="/"
    )
    site_url: str = option(
        "Full address of the site, for canonical links, sitemap.xml, feed.xml and link previews.",
        _site_url,
        default="",
    )
    theme: str = option(
        "Theme name: a built-in theme, overridden file by file by themes/<name>/ beside site.yml.",
        _theme,
        default="default",
    )
    content_dir: str = option(
        "Folder with one sub-folder per story.", _relative_dir, default="content"
    )
    output_dir: str = option(
        "Folder the built site is written to.", _relative_dir, default="output"
    )
    language: str = option(
        "Language of the articles and pages: its stemmer, stop words and word rarities "
        "align them, its strings file gives the theme's words. One of "
        f"{', '.join(sorted(LANGUAGES))}.",
        _language,
        default="en",
    )
    loaded_words: tuple[str, ...] = option(
        "Words or phrases to highlight as loaded language (one, or a list).",
        word_list,
        default=(),
    )
    report_url: str = option(
        "Address where readers report a wrong link, such as a repository's "
        "https://github.com/<owner>/<repo>/issues/new: each event gets a 'report a wrong "
        "link' link to it, with the story, event and passages filled in (as title= and body=).",
        _web_address,
        default="",
    )
    pair_pages: bool = option(
        "Also write a page of each two articles of a story side by side, in full "
        "(<story>/compare/<a>--<b>/), linked from both article pages: true or false. "
        "Off by default: each such page holds both articles' text again.",
        yes_no,
        default=False,
    )
    alignment: AlignmentConfig = field(default_factory=AlignmentConfig)
    outlets: tuple[OutletProfile, ...] = ()
    """The editor's profiles of outlets, by name as the articles' front matter gives it."""

    def outlet(self, name: str) -> OutletProfile | None:
        """The editor's profile of the outlet called `name`, or None (nothing is said
        of an outlet the editor has not described)."""
        return next((o for o in self.outlets if o.name == name), None)

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


ALIGNMENT_OPTIONS = options(AlignmentConfig)
SITE_OPTIONS = options(SiteConfig)
OUTLET_OPTIONS = options(OutletProfile)
SITE_SCHEMA = Schema(SITE_OPTIONS, sections=("alignment", "outlets"))
ALIGNMENT_SCHEMA = Schema(ALIGNMENT_OPTIONS)
OUTLET_SCHEMA = Schema(OUTLET_OPTIONS)


def normalise_base_url(text: str) -> str:
    """Return `text` as a path that starts and ends with '/' ('' and '/' give '/')."""
    parts = [p for p in text.strip().split("/") if p]
    return "/" + "".join(f"{p}/" for p in parts)


def _site_folder_above(path: Path) -> Path | None:
    """The nearest folder above the current one that holds a settings file named as
    `path` (a plain name, such as the default site.yml), as it may be named relative to
    here: for a command run inside content/ or a story's folder. None if there is none,
    or if `path` names a folder of its own."""
    if path.parent != Path(".") or path.is_absolute():
        return None
    try:
        for steps, folder in enumerate(Path.cwd().parents, 1):
            if (folder / path.name).is_file():
                return Path(*[".."] * steps) if steps <= 3 else folder
    except OSError:  # the current folder was removed, or one above cannot be read
        pass
    return None


def load_config(
    path: Path,
    *,
    base_url: str | None = None,
    output_dir: Path | None = None,
    copies: ParsedCopies | None = None,
) -> SiteConfig:
    """Read and validate site.yml; command-line overrides win over the file. With
    `copies`, an unchanged site.yml is taken from its parsed copy (parsed.py: the same
    values, checked the same way, without importing PyYAML).

    Raises SiteError naming the file, the line and the key for anything wrong, so a
    typo never turns into a silent default.
    """
    path = Path(path)
    if not path.exists():
        raise _not_found(path)
    text = read_text_file(path, what="config file", fix="save site.yml as text")
    data = load_parsed(copies, text, path)
    if data is not None and not isinstance(data, YamlMapping):
        raise SiteError("must be a mapping of keys to values (key: value)", path, 1)
    values = SITE_SCHEMA.validate(data, path)
    alignment = _alignment(data.get("alignment") if data is not None else None, path)
    outlets = _outlets(data.get("outlets") if data is not None else None, path)
    config = SiteConfig(root=path.parent.resolve(), alignment=alignment, outlets=outlets, **values)
    if base_url is not None:
        try:
            flag = YamlText(base_url, 0, False)
            config = replace(config, base_url=_base_url("--base-url", flag))
        except ValueError as exc:
            raise SiteError(str(exc)) from None
    if output_dir is not None:
        config = replace(config, output_dir=str(Path(output_dir).resolve()))
    top_lines = data.key_lines if isinstance(data, YamlMapping) else {}
    _refuse_output_among_inputs(config, path, top_lines.get("output_dir"), output_dir)
    if find_theme(config.theme, config.root) is None:
        raise SiteError(
            f"unknown theme {config.theme!r}; available: "
            f"{', '.join(available_themes(config.root))} (built in, or a folder under "
            f"{config.root / 'themes'})",
            path,
            top_lines.get("theme"),
        )
    return config


def _not_found(path: Path) -> SiteError:
    """The error for a site.yml that is not there: where the site is, if a folder
    above holds one, else how to start one."""
    above = _site_folder_above(path)
    if above is not None:
        return SiteError(
            f"config file not found; the site's folder is {above} (it holds "
            f"{path.name}): run site-builder there, or pass --config {above / path.name}",
            path,
        )
    return SiteError(
        "config file not found; run site-builder in the folder that holds site.yml "
        "or pass --config PATH (a site.yml beside content/ needs only a line "
        "'title: ...'; 'site-builder new DIR' writes a whole site to start from)",
        path,
    )


def _alignment(section: Any, path: Path) -> AlignmentConfig:
    """The `alignment:` section, its keys checked one by one and then together (the
    event threshold is not below the threshold of a link)."""
    alignment = AlignmentConfig(**ALIGNMENT_SCHEMA.validate(section, path, section="alignment."))
    if alignment.event_threshold < alignment.threshold:
        lines = section.key_lines if isinstance(section, YamlMapping) else {}
        raise SiteError(
            f"'alignment.event_threshold' ({alignment.event_threshold}) must not be below "
            f"'alignment.threshold' ({alignment.threshold})",
            path,
            lines.get("event_threshold") or lines.get("threshold"),
        )
    return alignment


def _outlets(section: Any, path: Path) -> tuple[OutletProfile, ...]:
    """The `outlets:` section: outlet name -> its profile (lean, owner, country, url,
    about; each optional), in name order. Two names that would share one outlet page
    (outlets/<slug>/) are refused, as is any key a profile does not have."""
    from site_builder.core.slugs import outlet_slug

    if section is None:
        return ()
    if not isinstance(section, YamlMapping):
        raise SiteError(
            "'outlets' must map each outlet's name (as its articles give it) to its "
            f"profile, e.g. 'The Daily: {{lean: left}}'; got {excerpt(section)}",
            path,
            line_of(section),
        )
    profiles: dict[str, OutletProfile] = {}
    slugs: dict[str, str] = {}
    for name, value in section.items():
        line = section.key_lines.get(name)
        shown = clean_text(name).strip()
        if not shown:
            raise SiteError("'outlets' has an empty outlet name", path, line)
        values = OUTLET_SCHEMA.validate(value, path, section=f"outlets.{shown}.")
        slug = outlet_slug(shown)
        if slug in slugs:
            raise SiteError(
                f"'outlets.{shown}' and 'outlets.{slugs[slug]}' would share the page "
                f"outlets/{slug}/; name each outlet once, as its articles do",
                path,
                line,
            )
        slugs[slug] = shown
        profiles[shown] = OutletProfile(shown, **values)
    return tuple(profiles[n] for n in sorted(profiles))


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
    package = PACKAGE
    inputs = [  # (folder, what it is, whether the output may lie inside it)
        (config.root, "the site's folder ({}, which holds site.yml)", True),
        (config.content_path, "the content folder ({})", False),
        (config.root / "themes", "the site's themes folder ({})", False),
    ]
    if (package.parent / "pyproject.toml").is_file():
        inputs.append((package.parent, "the repository site-builder runs from ({})", True))
    inputs.append((package, "site-builder's own code and built-in theme ({})", False))
    inputs.append((BUILTIN_THEMES, "site-builder's built-in themes ({})", False))
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
    rows += [f"| `outlets.<name>.{o.key}` | empty | {o.doc} |" for o in OUTLET_OPTIONS]
    return "\n".join(rows)


def site_config_fields() -> list[str]:
    """Names of the SiteConfig fields that are settings of site.yml's top level."""
    return [f.name for f in fields(SiteConfig) if f.name not in {"root", "alignment", "outlets"}]
