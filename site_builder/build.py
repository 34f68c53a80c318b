"""Build: the pipeline end to end, read -> align -> frame -> render -> write.

Stories are independent, so each story's own work (read its files, align, frame,
render its pages) is one unit: done in worker processes when there are several, and
skipped altogether when the cache holds a result for exactly the same files, settings
and theme. The site-wide pages (index, 404, alignments.json) are then rendered from all
stories' results and the whole site is written at once.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import logging
import multiprocessing
import os
import pickle
import time
from collections.abc import Callable, Collection, Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from site_builder import __version__
from site_builder.config import SiteConfig
from site_builder.content import read_story, story_folders
from site_builder.model import Framing, Story, StoryResult
from site_builder.render import (
    render_site,
    render_story,
    story_alignments_json,
    template_environment,
)
from site_builder.write import write_atomically, write_site

log = logging.getLogger(__name__)

CACHE_DIR = ".site-builder-cache"
SITE_STAMP = "site.json"
RARITIES = "english.pickle"
STORIES = "stories"


@dataclass(frozen=True)
class BuildReport:
    """What a build did, for the one-line summary."""

    stories: int
    articles: int
    passages: int
    groups: int
    files: int
    seconds: float
    output: Path
    reused: int = 0
    up_to_date: bool = False

    def summary(self) -> str:
        """'Built 1 story: 5 articles, 74 passages, 20 aligned events; 12 files written to
        output in 0.31 s' (plus how many stories were unchanged, when some were)."""
        if self.up_to_date:
            return (
                f"Up to date: {self.output} already holds "
                f"{_count(self.stories, 'story', 'stories')}, {_count(self.articles, 'article')}"
                f", {_count(self.groups, 'aligned event')}; nothing changed "
                f"(checked in {self.seconds:.2f} s)"
            )
        unchanged = f" ({self.reused} unchanged)" if self.reused else ""
        return (
            f"Built {_count(self.stories, 'story', 'stories')}{unchanged}: "
            f"{_count(self.articles, 'article')}, {_count(self.passages, 'passage')}, "
            f"{_count(self.groups, 'aligned event')}; {_count(self.files, 'file')} "
            f"written to {self.output} in {self.seconds:.2f} s"
        )


@dataclass
class StoryBuild:
    """One story's result and rendered pages, as cached between builds."""

    key: str
    result: StoryResult
    pages: dict[str, bytes]
    alignments: str
    """The story's entry of alignments.json, rendered (see render.story_alignments_json)."""


@dataclass(frozen=True)
class SiteStamp:
    """What a build left in the output folder."""

    key: str
    """A hash of everything the site was built from (see _site_key)."""
    counts: dict[str, int]
    """Stories, articles, passages and groups, for the summary line."""
    digests: dict[str, str]
    """Every file's path inside the output folder and a hash of its bytes."""


@dataclass
class BuildCache:
    """Story builds of earlier runs, kept in memory and (if `folder` is set) on disk.

    A story is reused when its key matches: a hash of its files' bytes, the settings
    it is aligned and rendered with, the theme's files and the program (see
    program_fingerprint).
    """

    folder: Path | None = None
    _memory: dict[str, StoryBuild] = field(default_factory=dict)

    @property
    def templates(self) -> Path | None:
        """Where compiled templates are kept (Jinja2 checks them against the sources)."""
        return self.folder / "templates" if self.folder is not None else None

    def get(self, slug: str, key: str) -> StoryBuild | None:
        """The cached build of story `slug` if it was made from exactly `key`."""
        cached = self._memory.get(slug)
        if (cached is None or cached.key != key) and self.folder is not None:
            cached = self._load(slug)
            if cached is not None:
                self._memory[slug] = cached
        return cached if cached is not None and cached.key == key else None

    def put(self, slug: str, build: StoryBuild) -> None:
        """Keep `build` for the next run (on disk too, written atomically)."""
        self._memory[slug] = build
        if self.folder is not None:
            write_atomically(
                self._story_file(slug), pickle.dumps(build, protocol=pickle.HIGHEST_PROTOCOL)
            )

    def keep_only(self, slugs: Collection[str]) -> None:
        """Forget the stories not in `slugs` (deleted or renamed), so the cache does not
        grow with every story the site ever had."""
        for slug in self._memory.keys() - set(slugs):
            del self._memory[slug]
        if self.folder is not None:
            for path in (self.folder / STORIES).glob("*.pickle"):
                if path.stem not in slugs:
                    path.unlink(missing_ok=True)

    def _story_file(self, slug: str) -> Path:
        return self.folder / STORIES / f"{slug}.pickle"

    def rarities(self) -> dict[str, float]:
        """English word rarities looked up by earlier builds with this wordfreq."""
        if self.folder is None:
            return {}
        try:
            saved = pickle.loads((self.folder / RARITIES).read_bytes())
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            return {}
        if not isinstance(saved, dict) or saved.get("wordfreq") != _version_of("wordfreq"):
            return {}
        return saved["rarities"]

    def remember_rarities(self, rarities: dict[str, float]) -> None:
        """Keep the rarities for later builds, so they need not load wordfreq."""
        if self.folder is not None:
            saved = {"wordfreq": _version_of("wordfreq"), "rarities": rarities}
            write_atomically(self.folder / RARITIES, pickle.dumps(saved, protocol=5))

    def last_site(self, output: Path) -> SiteStamp | None:
        """What the last build wrote to `output`, if `output` still holds exactly that
        (the same files, sizes and times); else None."""
        if self.folder is None:
            return None
        try:
            saved = json.loads((self.folder / SITE_STAMP).read_text(encoding="utf-8"))
            if saved["output"] != str(output):
                return None
            files = saved["files"]
            if {path: info[:2] for path, info in files.items()} != output_files(output):
                return None
            return SiteStamp(
                saved["key"], saved["counts"], {path: info[2] for path, info in files.items()}
            )
        except (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError):
            return None  # no stamp, or one this version does not read: write afresh

    def remember_site(self, output: Path, stamp: SiteStamp) -> None:
        """Note that `output` now holds the site `stamp` describes."""
        if self.folder is None:
            return
        files = {path: [*info, stamp.digests[path]] for path, info in output_files(output).items()}
        saved = {"output": str(output), "key": stamp.key, "counts": stamp.counts, "files": files}
        write_atomically(self.folder / SITE_STAMP, json.dumps(saved).encode("utf-8"))

    def _load(self, slug: str) -> StoryBuild | None:
        try:
            cached = pickle.loads(self._story_file(slug).read_bytes())
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            return None  # missing, or written by another version: build afresh
        return cached if isinstance(cached, StoryBuild) else None


def build(
    config: SiteConfig,
    *,
    cache: BuildCache | None = None,
    jobs: int = 1,
    progress: Callable[[int, int], None] | None = None,
    executor: Executor | None = None,
) -> BuildReport:
    """Build the whole site into config.output_path; the old output survives any error.

    `cache` skips stories whose files, settings and theme did not change; `jobs` > 1
    builds the other stories in that many processes, or `executor` runs them (e.g. on a
    cluster, see distribute.py). The output is the same either way.
    """
    started = time.perf_counter()
    cache = cache if cache is not None else BuildCache()  # without a folder: in memory
    folders = story_folders(config.content_path)
    theme = theme_fingerprint(config)
    keys = {folder: story_key(folder, config, theme) for folder in folders}
    site_key = _site_key(config, keys.values())
    last = cache.last_site(config.output_path)
    if last is not None and last.key == site_key:
        return BuildReport(
            **last.counts,
            files=0,
            seconds=time.perf_counter() - started,
            output=config.output_path,
            reused=len(folders),
            up_to_date=True,
        )
    builds = {folder: cache.get(folder.name, keys[folder]) for folder in folders}
    todo = [folder for folder, cached in builds.items() if cached is None]
    builds.update(
        _build_and_keep(todo, config, keys, cache, jobs=jobs, progress=progress, executor=executor)
    )
    cache.keep_only({folder.name for folder in folders})
    results = [builds[f].result for f in folders]
    pages = render_site(
        config,
        results,
        story_pages=[builds[f].pages for f in folders],
        story_alignments=[builds[f].alignments for f in folders],
        compiled_templates=cache.templates,
    )
    written = write_site(
        config.output_path,
        pages,
        config.theme_path / "static",
        current=last.digests if last is not None else None,
    )
    counts = {
        "stories": len(results),
        "articles": sum(len(r.story.articles) for r in results),
        "passages": sum(len(a.passages) for r in results for a in r.story.articles),
        "groups": sum(len(r.alignment.groups) for r in results),
    }
    cache.remember_site(config.output_path, SiteStamp(site_key, counts, written.digests))
    return BuildReport(
        **counts,
        files=written.changed,
        seconds=time.perf_counter() - started,
        output=config.output_path,
        reused=len(folders) - len(todo),
    )


def _build_and_keep(
    todo: list[Path],
    config: SiteConfig,
    keys: dict[Path, str],
    cache: BuildCache,
    *,
    jobs: int,
    progress: Callable[[int, int], None] | None,
    executor: Executor | None,
) -> dict[Path, StoryBuild]:
    """Build the stories in `todo`, keeping each build, and the English word rarities
    they needed, in `cache`; report progress over all of the site's stories."""
    total = len(keys)
    rarities = cache.rarities() if todo else {}
    needed: dict[str, float] = {}
    built: dict[Path, StoryBuild] = {}
    stories = _build_stories(
        todo, config, keys, jobs, rarities=rarities, templates=cache.templates, executor=executor
    )
    for folder, story_build, story_rarities in stories:
        built[folder] = story_build
        needed.update(story_rarities)
        cache.put(folder.name, story_build)
        if progress is not None:
            progress(total - len(todo) + len(built), total)
    if not needed.keys() <= rarities.keys():
        cache.remember_rarities({**rarities, **needed})
    return built


def process_story(story: Story, config: SiteConfig) -> StoryResult:
    """Align one story and work out its framing."""
    from site_builder.align import align_story  # loaded only when a story needs building
    from site_builder.framing import frame_story

    if len(story.articles) < 2:
        log.info("%s: one article, nothing to align", story.source)
    alignment = align_story(story, config.alignment)
    framing = frame_story(story, alignment, config.alignment, config.loaded_words)
    log.debug("%s: %d events aligned", story.slug, len(alignment.groups))
    return StoryResult(story, alignment, framing)


def build_story(
    folder: Path, config: SiteConfig, key: str, *, templates: Path | None = None
) -> StoryBuild:
    """Read, align, frame and render one story (the unit of work of a build).
    `templates`: where compiled templates are kept, if anywhere."""
    result = process_story(read_story(folder), config)
    pages = render_story(template_environment(config.theme_path, templates), config, result)
    # Its pages are rendered: the word-level framing is not needed again, and leaving it
    # out keeps the cache (and what workers send back) small.
    return StoryBuild(
        key, replace(result, framing=Framing({}, (), ())), pages, story_alignments_json(result)
    )


def _build_story_and_rarities(
    folder: Path, config: SiteConfig, key: str, templates: Path | None
) -> tuple[StoryBuild, dict[str, float]]:
    """build_story, and the English word rarities it needed (for the cache)."""
    from site_builder.align.normalise import rarities_asked

    story_build = build_story(folder, config, key, templates=templates)
    return story_build, rarities_asked()


def _build_stories(
    folders: list[Path],
    config: SiteConfig,
    keys: dict[Path, str],
    jobs: int,
    *,
    rarities: dict[str, float],
    templates: Path | None,
    executor: Executor | None = None,
) -> Iterator[tuple[Path, StoryBuild, dict[str, float]]]:
    """Each story's build and the rarities it looked up, in story order: from `executor`
    if given, else from `jobs` processes when that helps. `rarities` are those known
    from earlier builds; `templates` is where compiled templates are kept."""
    if not folders:
        return
    from site_builder.align.normalise import background_rarity, learn_rarities

    learn_rarities(rarities)
    if executor is None and (jobs <= 1 or len(folders) <= 1):
        for folder in folders:
            yield folder, *_build_story_and_rarities(folder, config, keys[folder], templates)
        return
    if executor is None:
        if not rarities:  # a first build: load wordfreq's table once, for all workers to share
            background_rarity("the")
        context = multiprocessing.get_context(
            "fork" if "fork" in multiprocessing.get_all_start_methods() else None
        )
        executor = ProcessPoolExecutor(max_workers=min(jobs, len(folders)), mp_context=context)
        owned = executor
    else:
        owned = None  # the caller's: it stays open
    try:
        futures = [
            executor.submit(_build_story_and_rarities, f, config, keys[f], templates)
            for f in folders
        ]
        for folder, future in zip(folders, futures):
            yield folder, *future.result()
    finally:
        if owned is not None:
            owned.shutdown(cancel_futures=True)


def story_key(folder: Path, config: SiteConfig, theme: str) -> str:
    """A hash of everything one story's build depends on."""
    digest = hashlib.sha256()
    digest.update(repr((program_fingerprint(), theme, _settings(config))).encode())
    for path in sorted(folder.iterdir()):
        if path.is_file():
            digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _site_key(config: SiteConfig, story_keys) -> str:
    """A hash of everything the whole site depends on: every story (whose keys already
    cover the settings and templates) and the theme's static files."""
    digest = hashlib.sha256(repr((program_fingerprint(), _settings(config))).encode())
    for key in story_keys:
        digest.update(key.encode())
    digest.update(folder_digest(config.theme_path / "static").encode())
    return digest.hexdigest()


OUTPUT_LIBRARIES = ("markdown-it-py", "jinja2", "rapidfuzz", "PyStemmer", "wordfreq")
"""Libraries whose version can change what a build writes."""


@lru_cache(maxsize=1)
def program_fingerprint() -> str:
    """A hash of site-builder's version and code and of the versions of the libraries
    that shape its output: results cached by another version, a changed checkout, or
    with other libraries are never reused."""
    package = Path(__file__).parent
    digest = hashlib.sha256(__version__.encode())
    for library in OUTPUT_LIBRARIES:
        digest.update(f"{library}={_version_of(library)}".encode())
    for path in sorted(package.rglob("*.py")):
        digest.update(str(path.relative_to(package)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def output_files(output: Path) -> dict[str, list[int]]:
    """Every file under `output` with its size and modification time."""
    files = {}
    for folder, _, names in os.walk(output):
        for name in names:
            path = os.path.join(folder, name)
            info = os.stat(path)
            files[os.path.relpath(path, output)] = [info.st_size, info.st_mtime_ns]
    return dict(sorted(files.items()))


def theme_fingerprint(config: SiteConfig) -> str:
    """A hash of the theme's templates (static files do not change a story's pages)."""
    return folder_digest(config.theme_path / "templates")


def folder_digest(folder: Path) -> str:
    """A hash of every file under `folder`: names and contents ('' hashed if none)."""
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")) if folder.is_dir() else []:
        if path.is_file():
            digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


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
    )


def _version_of(library: str) -> str:
    try:
        return importlib.metadata.version(library)
    except importlib.metadata.PackageNotFoundError:
        return ""


def default_jobs() -> int:
    """How many processes to build with by default: one per core."""
    return os.cpu_count() or 1


def _count(n: int, singular: str, plural: str | None = None) -> str:
    return f"{n} {singular if n == 1 else (plural or singular + 's')}"
