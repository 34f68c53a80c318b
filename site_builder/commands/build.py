"""Build: the pipeline end to end, read -> align -> frame -> render -> write.

Stories are independent, so each story's own work (read its files, align, frame,
render its pages) is one unit: done in worker processes (pool.py; or on a cluster,
distribute.py) when there are several, and skipped altogether when the cache
(cache.py) holds a result for exactly the same files, settings, theme and program. The
site-wide pages (index, 404, alignments.json) are then rendered from all stories'
results, and the site is written (write.py): swapped in whole, with only the files that
changed written anew. _build_in reads as these steps, one function each.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import field, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from site_builder.commands.pool import in_pool
from site_builder.core.build_model import BuildReport, SiteStamp, StoryBuild
from site_builder.core.collector import fewer_collections
from site_builder.core.config import SiteConfig
from site_builder.core.errors import Note, SiteError, first_warning, kept_notes, note, warn
from site_builder.core.inputs import YamlMapping, read_text_file
from site_builder.core.model import Alignment, Story, StoryCard, StoryResult
from site_builder.core.records import record
from site_builder.core.slugs import outlet_slug
from site_builder.core.text import did_you_mean
from site_builder.read.content import front_matter, safe_slug, story_folders
from site_builder.write.cache import BuildCache
from site_builder.write.keys import frame_key, site_key, story_key, theme_fingerprint
from site_builder.write.write import (
    SPACE_ERRORS,
    OutputState,
    Stage,
    Written,
    prepare_output,
    write_site,
)

ALIGNMENTS = "alignments.json"
MOST_STORIES = 2
"""The most stories a rebuild hands its helper process (helper.py); more are built by a
pool of processes."""
if TYPE_CHECKING:
    from site_builder.align.language import Language
    from site_builder.commands.distribute import ClusterExecutor, OnStage, Placed, WorkerSettings
    from site_builder.commands.helper import Reply, StoryHelper
    from site_builder.core.parsed import ParsedCopies
    from site_builder.core.strings import Strings

log = logging.getLogger(__name__)


@record(frozen=True)
class BuildPlan:
    """What a build does: which site (`config`, whose output_path is where it goes),
    with how many processes (`jobs`) or on which `executor` (a cluster's, see
    distribute.py; None: the build's own processes), with which `cache` (one without a
    folder keeps nothing between runs), whether it may replace an output folder
    site-builder did not write (`force_output`), whether a warning stops it
    (`strict`), and where the write step keeps its own files (`state`). `build`,
    `serve` and `gh-deploy` all make theirs with make_plan."""

    config: SiteConfig
    cache: BuildCache
    jobs: int = 1
    executor: Executor | None = None
    force_output: bool = False
    strict: bool = False
    state: OutputState = field(default_factory=OutputState)
    """The write step's own folder (spare copy of the site, what it wrote): see
    write.OutputState; none by default."""
    stop: threading.Event | None = None
    """Set from another thread (`serve` stopping) to stop the build where it stands: its
    worker processes end, BuildStopped is raised and nothing is written."""
    keyed: bool = True
    """Whether the stories' builds are found and kept by their keys (keys.story_key and
    site_key). Not for a build that keeps nothing (`build --no-cache`): working the keys
    out reads and hashes the program's, the theme's and every story's files (~15 ms of
    a cold build's start, on one core), for no cache to use them; each is NO_KEY."""


NO_KEY = ""
"""The key of every story, of the site and of its site-wide pages in a build that keeps
nothing (BuildPlan.keyed)."""


def make_plan(
    config: SiteConfig,
    *,
    jobs: int | None = None,
    use_cache: bool = True,
    executor: Executor | None = None,
    force_output: bool = False,
    strict: bool = False,
) -> BuildPlan:
    """The plan of a build of `config` as every command makes it: one process per core
    unless `jobs` says otherwise, the site's build cache (cache.cache_folder) and the
    write step's folder in it, unless not `use_cache`."""
    if jobs is not None and jobs < 1:
        raise SiteError(f"--jobs must be 1 or more, got {jobs}")
    from site_builder.write.cache import cache_folder

    folder = cache_folder(config) if use_cache else None
    return BuildPlan(
        config,
        BuildCache(folder),
        jobs or default_jobs(),
        executor,
        force_output,
        strict,
        OutputState.within(folder),
        keyed=use_cache,
    )


def build(
    config: SiteConfig,
    *,
    cache: BuildCache | None = None,
    jobs: int = 1,
    progress: Callable[[int, int], None] | None = None,
    executor: Executor | None = None,
    force_output: bool = False,
) -> BuildReport:
    """Build the whole site into config.output_path (see run_plan): the plan these
    arguments make, with a cache in memory only unless `cache` is given (the write
    step then keeps its own files in the cache's folder, as make_plan has it)."""
    cache = cache or BuildCache()
    state = OutputState.within(cache.folder)
    plan = BuildPlan(config, cache, jobs, executor, force_output, state=state)
    return run_plan(plan, progress=progress)


def run_plan(plan: BuildPlan, progress: Callable[[int, int], None] | None = None) -> BuildReport:
    """Build the site as `plan` says; the old output survives any error, and any
    interruption (see write.py).

    The cache skips stories whose files, settings and theme did not change; jobs > 1
    builds the other stories in that many processes, or the executor runs them (e.g.
    on a cluster, see distribute.py). The output is the same either way. On a cluster
    (distribute.ClusterExecutor), workers write the stories' pages into the folder the
    new site is put together in (`stage`) themselves. What the build notes (warnings
    among them) comes back as values in the report: with `plan.strict`, a warning
    stops the build before anything is written to the output.
    """
    config, cache = plan.config, plan.cache
    with kept_notes(say=True) as said:  # the site's own notes, said as they come
        cache.remove_leftovers()  # first: a cache folder that is a link is let go here
        plan.state.check()  # and a write state folder that is, or holds, one
        stage = Stage(config.output_path, plan.state.spare)
        on_stage = _on_stage() if _on_cluster(plan.executor) else None
        try:
            return _build(plan, said, progress=progress, stage=stage, on_stage=on_stage)
        except OSError as exc:
            if exc.errno not in SPACE_ERRORS:
                raise
            raise SiteError(
                "no space left on the device; free some space and build again (the "
                "previous site is as it was)",
                exc.filename or config.output_path,
            ) from None
        finally:
            stage.close()
            if on_stage is not None:
                on_stage.close()


def _warn_of_unknown_outlets(config: SiteConfig, cards: list[StoryCard]) -> None:
    """Warn of each outlet site.yml's `outlets:` describes that no article names: a
    misspelt name ('Harbour Gazete') would otherwise leave its lean and profile unshown
    in silence."""
    names = {article.outlet for card in cards for article in card.articles}
    slugs = {outlet_slug(name) for name in names}
    for profile in config.outlets:
        if outlet_slug(profile.name) not in slugs:
            warn(
                "%s: outlets: %r is the outlet of no article, so nothing shows its profile%s",
                config.root / "site.yml",
                profile.name,
                did_you_mean(profile.name, sorted(names)),
            )


SPELT_OTHERWISE = 0.85
"""How alike (difflib's ratio, in lower case) an article's outlet and one site.yml
describes must be for the build to ask whether they are one: 'Harbor Gazette' and
'Harbour Gazette' are 0.97, 'Reuter' and 'Reuters' 0.92; 'New York Post' and 'New York
Times' (0.74), two outlets, are not asked about."""


def _warn_of_outlets_spelt_otherwise(config: SiteConfig, cards: dict[Path, StoryCard]) -> None:
    """Warn of each outlet an article names that site.yml's `outlets:` does not describe
    but describes one spelt nearly so ('Harbor Gazette' beside 'Harbour Gazette'): its
    articles would stand on the site as another outlet, without the lean and profile,
    in silence. Once per name, at the first article (in story order) that gives it; not
    where no article names the outlet site.yml describes (_warn_of_unknown_outlets says
    that one)."""
    described = {outlet_slug(p.name): p.name for p in config.outlets}
    named = {outlet_slug(a.outlet) for card in cards.values() for a in card.articles}
    lower = {name.lower(): name for slug, name in described.items() if slug in named}
    if not lower:
        return
    from site_builder.core.text import closest

    said = set()
    for folder, card in cards.items():
        for article in card.articles:
            if article.outlet in said or outlet_slug(article.outlet) in described:
                continue
            said.add(article.outlet)
            close = closest(article.outlet.lower(), lower, cutoff=SPELT_OTHERWISE)
            if close:
                path, line = _outlet_line(folder, article.slug)
                warn(
                    "%s:%d: outlet %r is not one site.yml's outlets describe, so its articles "
                    "show no lean or profile; did you mean %r? (write it as site.yml does, "
                    "or describe it there too)",
                    path,
                    line,
                    article.outlet,
                    lower[close[0]],
                )


def _outlet_line(folder: Path, slug: str) -> tuple[Path, int]:
    """The file of the article `slug` of the story in `folder`, and the line of its
    front matter's `outlet:` (1 where it cannot be told)."""
    for path in sorted(folder.glob("*.md")):
        if path.name != "_story.md" and safe_slug(path.stem, path) == slug:
            with suppress(OSError, SiteError):
                meta, _, _ = front_matter(read_text_file(path), path)
                if isinstance(meta, YamlMapping):
                    return path, meta.key_lines.get("outlet", 1)
            return path, 1
    return folder, 1


def _on_cluster(executor: Executor | None) -> bool:
    """Whether `executor` is a cluster's (distribute.ClusterExecutor). A build with
    none does not import distribute.py: only a cluster's executor, made there, can be
    one."""
    distribute = sys.modules.get("site_builder.commands.distribute")
    return distribute is not None and isinstance(executor, distribute.ClusterExecutor)


def _on_stage() -> OnStage:
    from site_builder.commands.distribute import OnStage

    return OnStage()


def _start_helper(plan: BuildPlan, key: str) -> StoryHelper | None:
    """A helper process (helper.py) for a rebuild on this machine with more than one
    process allowed, when the site's `key` is not the one site.json records (something
    is to be built: it is not started for a site that is up to date); None for any other
    build (a cold one, a cluster's, the preview server's, which runs in a thread of its
    own)."""
    if plan.executor is not None or plan.stop is not None or plan.cache.folder is None:
        return None
    if plan.cache.last_key() in (key, None):  # up to date, or no last build: a cold one
        return None
    from site_builder.commands.helper import StoryHelper

    return StoryHelper.start(plan.config, jobs=plan.jobs, rebuild=True)


@fewer_collections()
def _build(
    plan: BuildPlan,
    said: list[Note],
    *,
    progress: Callable[[int, int], None] | None,
    stage: Stage,
    on_stage: OnStage | None,
) -> BuildReport:
    with ExitStack() as closing:
        return _build_in(plan, said, progress, stage, on_stage, closing)


def _build_in(
    plan: BuildPlan,
    said: list[Note],
    progress: Callable[[int, int], None] | None,
    stage: Stage,
    on_stage: OnStage | None,
    closing: ExitStack,
) -> BuildReport:
    """_build's work, in its steps: the site as found (its stories, their keys, what the
    last build recorded); the report of a site found up to date, or else each story's
    build (reused or made), the notes of the whole build, the site written, and what
    was written remembered for the next build. What it opens on the way (the stage's
    record of a local build whose workers write their own pages, the helper process of
    a rebuild) is closed with `closing`."""
    started = time.perf_counter()
    config, cache = plan.config, plan.cache
    site, helper = _site_found(plan, closing)
    site_notes: dict[str, list[Note]] = {"words": [], "outlets": []}
    words = None
    if plan.strict:  # now: their warnings count
        words = _said_theme_words(plan, said, site_notes["words"])
    if site.last is not None and site.last.key == site.key:
        return _up_to_date_report(plan, site, site.last, said, words is not None, started)
    handed = None if helper is None else _handed_over(helper, site, cache, config)
    if words is None:  # read only when something is rendered (while the helper works)
        words = _said_theme_words(plan, said, site_notes["words"])
    stories = _story_builds(plan, site, words, helper, handed, progress, stage, on_stage, closing)
    notes = _build_notes(plan, said, site, stories.builds, site_notes["outlets"])
    cache.keep_only(set(site.slugs.values()))
    _say_again(notes[len(said) :])
    frame = frame_key(config, site.theme, cache.sources) if plan.keyed else NO_KEY
    written = _written_site(plan, site, stories, words, frame, stage)
    counts = _counts([stories.builds[f].card for f in site.folders])
    cache.remember_site(
        config.output_path,
        _site_stamp(site, stories, counts, written, frame, site_notes, config),
        written.stats,
    )
    return BuildReport(
        **counts,
        files=written.changed,
        seconds=time.perf_counter() - started,
        output=config.output_path,
        reused=len(site.folders) - stories.built,
        notes=tuple(notes),
    )


@record
class SiteFound:
    """The site as a build finds it, before anything is built: its story folders in
    order, each one's slug (its one identity) and key, the theme's fingerprint, the
    site's key (keys.py; NO_KEY for each in a build that keeps nothing), and what the
    last build recorded of it (`last`: site.json; None when there is none). The steps
    of _build_in each read it."""

    folders: list[Path]
    slugs: dict[Path, str]
    theme: str
    keys: dict[Path, str]
    key: str
    last: SiteStamp | None


@record
class StoryBuilds:
    """Every story's build, by folder in story order (`builds`): the stories whose pages
    the output folder already holds as this build makes them (`in_output`: neither
    rendered nor written again), how many were built anew (`built`, the others reused),
    and the record of the pages the workers wrote into the stage themselves
    (`on_stage`; None: every story's pages came back to this process)."""

    builds: dict[Path, StoryBuild]
    in_output: set[Path]
    built: int
    on_stage: OnStage | None


def _site_found(plan: BuildPlan, closing: ExitStack) -> tuple[SiteFound, StoryHelper | None]:
    """The site as this build finds it, its output folder checked first (prepare_output:
    one site-builder did not write is not replaced unless forced); and the helper
    process of a rebuild (_start_helper; None if none), started as soon as the site's
    key is known so that it imports while site.json is read and checked, and closed
    with `closing`."""
    config = plan.config
    prepare_output(config.output_path, force=plan.force_output, state=plan.state)
    folders = story_folders(config.content_path)
    slugs = {folder: safe_slug(folder.name, folder) for folder in folders}  # its one identity
    theme, keys, key = _keys(plan, folders)
    helper = _start_helper(plan, key)  # it starts while site.json is read and checked
    if helper is not None:
        closing.callback(helper.close)
    last = plan.cache.last_site(config.output_path)
    return SiteFound(folders, slugs, theme, keys, key, last), helper


def _said_theme_words(plan: BuildPlan, said: list[Note], kept: list[Note]) -> Strings:
    """The theme's words (_theme_words), read as a site-wide step: what reading them
    says is said at once and kept in `kept` for a build that finds the site up to date
    to say again (see _site_step)."""
    with _site_step(said, kept):
        return _theme_words(plan.config, plan.cache)


def _up_to_date_report(
    plan: BuildPlan,
    site: SiteFound,
    last: SiteStamp,
    said: list[Note],
    words_read: bool,
    started: float,
) -> BuildReport:
    """The report of a build that finds the site up to date (its key the one the last
    build recorded, `last`): nothing is built or written, and what the last build noted is said
    again as it would be said now (the site-wide steps' notes and each story's; the
    theme's words' not twice when `words_read`: a strict build read them already), so
    a warning is not lost by building twice. A strict build stops at the first warning."""
    config = plan.config
    read = {"words"} if words_read else set()  # said already: not said again
    again = [n for step, kept in last.site_notes.items() if step not in read for n in kept]
    stories = (last.notes.get(site.slugs[f], ()) for f in site.folders)
    notes = _notes(said, [again, *stories], config.root)
    _check_strict(plan, notes)
    _say_again(notes[len(said) :])
    return BuildReport(
        **last.counts,
        files=0,
        seconds=time.perf_counter() - started,
        output=config.output_path,
        reused=len(site.folders),
        up_to_date=True,
        notes=tuple(notes),
    )


def _story_builds(
    plan: BuildPlan,
    site: SiteFound,
    words: Strings,
    helper: StoryHelper | None,
    handed: HandedOver | None,
    progress: Callable[[int, int], None] | None,
    stage: Stage,
    on_stage: OnStage | None,
    closing: ExitStack,
) -> StoryBuilds:
    """Every story's build: reused where this build need not make it (_kept_builds),
    else made (by the `helper` process the stories were `handed` to, by the build's
    worker processes or a cluster's, or in this process: _build_and_keep) and kept in
    the cache, each made one with a warning for each passage its alignments.yml names
    that moved since the last build. The helper is ended here if the stories to make
    are not the ones handed to it."""
    config, cache = plan.config, plan.cache
    entries = _last_entries(config.output_path, site.last)
    builds, in_output = _kept_builds(site, cache, entries)
    todo = [folder for folder, cached in builds.items() if cached is None]
    if helper is not None and (handed is None or handed.folders != todo):  # not its work:
        helper.close()  # ended now, rather than importing beside the pool's workers
        helper = handed = None
    if on_stage is None and helper is None:
        on_stage = _local_stage(plan, len(todo), closing)
    builds.update(
        _build_and_keep(
            todo,
            config,
            words,
            site.slugs,
            site.keys,
            cache,
            jobs=plan.jobs,
            progress=progress,
            executor=plan.executor,
            stage=stage,
            on_stage=on_stage,
            stop=plan.stop,
            handed=handed,
        )
    )
    for folder in todo:  # kept with the story: said again while its build is reused
        slug = site.slugs[folder]
        moved = _with_moved_passages(builds[folder], folder, slug, entries.get(slug), on_stage)
        if moved is not builds[folder]:
            builds[folder] = replace(moved, notes=_portable(moved.notes, config.root))
            cache.put(slug, builds[folder])
    return StoryBuilds(builds, in_output, len(todo), on_stage)


def _kept_builds(
    site: SiteFound, cache: BuildCache, entries: dict[str, bytes]
) -> tuple[dict[Path, StoryBuild | None], set[Path]]:
    """Each story's build where this build need not make it, None where it must: held
    as the last build left it in the output (from site.json and the last alignments.json
    `entries`: its cache file not read), or kept in `cache` (its pages read from there
    unless the output holds them as they are). With them, the stories whose pages the
    output folder holds as this build makes them (not loaded, nor written again)."""
    last, slugs, keys = site.last, site.slugs, site.keys
    builds: dict[Path, StoryBuild | None] = {}
    in_output = set()
    for folder in site.folders:
        held = last is not None and last.stories.get(slugs[folder]) == keys[folder]
        light = _held_build(last, slugs[folder], keys[folder], entries) if held else None
        if light is not None:  # from site.json and the output: its cache file not read
            builds[folder] = light
            in_output.add(folder)
            continue
        cached = cache.get(slugs[folder], keys[folder])
        if held and cached is not None and _holds(last, slugs[folder], cached.files):
            in_output.add(folder)  # its pages stay in the output as they are: not loaded
        elif cached is not None and cached.pages is None:
            cached = _with_pages(cache, slugs[folder], cached)
        builds[folder] = cached
    return builds, in_output


def _local_stage(plan: BuildPlan, to_build: int, closing: ExitStack) -> OnStage | None:
    """The record of the pages the build's own worker processes write into the stage,
    for a build on this machine of more than one story at a time (`to_build` of them,
    `plan.jobs` processes), closed with `closing`: as on a cluster, each worker writes
    its story's pages into the folder the new site is put together in and sends back
    only its manifest, so the pages are written while other stories are still being
    built, on every core. None for any other build (its pages come back)."""
    if plan.executor is not None or min(plan.jobs, to_build) <= 1:
        return None
    on_stage = _on_stage()
    closing.callback(on_stage.close)
    return on_stage


def _build_notes(
    plan: BuildPlan,
    said: list[Note],
    site: SiteFound,
    builds: dict[Path, StoryBuild],
    kept: list[Note],
) -> list[Note]:
    """All the notes of the build (_notes): the site's own, those of the site-wide
    check of the outlets named (said at once, and kept in `kept` for a build that finds
    the site up to date), then each story's. A strict build stops at the first warning,
    before anything is written."""
    config, folders = plan.config, site.folders
    with _site_step(said, kept):  # a site-wide note
        _warn_of_unknown_outlets(config, [builds[f].card for f in folders])
        _warn_of_outlets_spelt_otherwise(config, {f: builds[f].card for f in folders})
    notes = _notes(said, (builds[f].notes for f in folders), config.root)
    _check_strict(plan, notes)
    return notes


def _written_site(
    plan: BuildPlan,
    site: SiteFound,
    stories: StoryBuilds,
    words: Strings,
    frame: str,
    stage: Stage,
) -> Written:
    """The site written into the output (write.py): the stories' pages this process
    holds and the site-wide pages, rendered unless the last build's stand as they are
    (same stories, cards and `frame`: _site_wide_kept); the pages the output or the
    stage already holds are not rendered again. Where workers wrote their stories'
    pages into the stage, alignments.json is written there in parts, not held in
    memory."""
    from site_builder.render.render import alignments_json_parts, render_site, site_wide

    config, folders, on_stage = plan.config, site.folders, stories.on_stage
    builds, in_output = stories.builds, stories.in_output
    unchanged = [path for f in folders if f in in_output for path in builds[f].files]
    kept = _site_wide_kept(site.last, frame, [(site.slugs[f], builds[f]) for f in folders])
    placed = on_stage.digests if on_stage is not None else {}  # written by the workers
    pages = render_site(
        config,
        words,
        [builds[f].card for f in folders],
        [builds[f].pages for f in folders if f not in in_output and builds[f].pages is not None],
        [builds[f].alignments for f in folders] if not placed else [],
        unchanged=[*unchanged, *placed],
        site_wide=not kept,
    )
    unchanged += [path for path in kept if site_wide(path)]
    if placed:  # alignments.json written in parts, not held in memory
        del pages["alignments.json"]
        entries = (on_stage.entry(site.slugs[f]) or builds[f].alignments for f in folders)
        on_stage.write_alignments(alignments_json_parts(entries))
    return write_site(
        config.output_path,
        pages,
        config.site_theme.static_files(),
        current=site.last.digests if site.last is not None else None,
        unchanged=unchanged,
        state=plan.state,
        stage=stage,
        placed=placed,
    )


def _counts(cards: list[StoryCard]) -> dict[str, int]:
    """What the summary line counts of a site of these stories' `cards`: stories,
    articles, passages and events (groups)."""
    return {
        "stories": len(cards),
        "articles": sum(len(c.articles) for c in cards),
        "passages": sum(c.passages for c in cards),
        "groups": sum(c.groups for c in cards),
    }


def _site_stamp(
    site: SiteFound,
    stories: StoryBuilds,
    counts: dict[str, int],
    written: Written,
    frame: str,
    site_notes: dict[str, list[Note]],
    config: SiteConfig,
) -> SiteStamp:
    """What site.json records of this build for the next one: the site's key and
    `counts`, every file `written` (its hash), each story's key, files, notes and card,
    the site-wide pages' `frame`, and the notes of the site-wide steps (for a build
    that finds the site up to date to say again)."""
    builds, slugs, folders = stories.builds, site.slugs, site.folders
    return SiteStamp(
        site.key,
        counts,
        written.digests,
        {slugs[f]: site.keys[f] for f in folders},
        {slugs[f]: builds[f].files for f in folders},
        {slugs[f]: builds[f].notes for f in folders},
        {slugs[f]: builds[f].card for f in folders},
        frame,
        {step: _portable(kept, config.root) for step, kept in site_notes.items() if kept},
    )


def _with_moved_passages(
    built: StoryBuild, folder: Path, slug: str, before: bytes | None, on_stage: OnStage | None
) -> StoryBuild:
    """`built` with a warning for each passage its alignments.yml names that moved since
    the last build (`before`: the story's entry of the alignments.json the output holds;
    see moved.py): a paragraph cut or added above it changed its id, and the entry now
    names another passage. `built` itself when none moved (or there is no last build)."""
    if before is None or not (folder / "alignments.yml").is_file():
        return built
    from site_builder.commands.moved import moved_passages

    after = (on_stage.entry(slug) if on_stage is not None else None) or built.alignments
    warnings = moved_passages(folder, before, after)
    if not warnings:
        return built
    return replace(built, notes=(*built.notes, *((logging.WARNING, m) for m in warnings)))


def _keys(plan: BuildPlan, folders: list[Path]) -> tuple[str, dict[Path, str], str]:
    """The theme's fingerprint, each story's key and the site's (see cache.py), the
    source files' stamps kept for the next build; NO_KEY for each in a build that keeps
    nothing (not `plan.keyed`)."""
    if not plan.keyed:
        return NO_KEY, dict.fromkeys(folders, NO_KEY), NO_KEY
    config, stamps = plan.config, plan.cache.sources
    theme = theme_fingerprint(config)
    keys = {folder: story_key(folder, config, theme, stamps) for folder in folders}
    plan.cache.remember_sources()
    return theme, keys, site_key(config, keys.values(), stamps)


def _site_wide_kept(
    last: SiteStamp | None, frame: str, builds: list[tuple[str, StoryBuild]]
) -> list[str]:
    """The site-wide pages of the output (home, 404, outlets, blindspots, feed, sitemap),
    when this build would render them exactly as the last one did: the same stories in
    the same order, each with the same card and files, and the same program, settings
    and theme (`frame`, see keys.frame_key); else none (they are rendered). So a rebuild
    after an edit that changes no story's card renders only the edited story's pages."""
    if last is None or not last.frame or last.frame != frame or len(builds) != len(last.stories):
        return []
    for (slug, build), last_slug in zip(builds, last.stories):
        if slug != last_slug or last.owned.get(slug) != build.files:
            return []
        if last.cards.get(slug) != build.card:
            return []
    owned = {path for files in last.owned.values() for path in files}
    return [path for path in last.digests if path not in owned]


def _last_entries(output: Path, last: SiteStamp | None) -> dict[str, bytes]:
    """Each story's entry of the alignments.json the last build wrote (one line per
    story), if the output still holds that very file (its hash is the one site.json
    recorded); else nothing. Read so a rebuild after one edit need not load every
    unchanged story's cache file to write alignments.json again."""
    recorded = last.digests.get(ALIGNMENTS) if last is not None else None
    if recorded is None:
        return {}
    from site_builder.render.render import entries_by_slug

    try:
        descriptor = os.open(output / ALIGNMENTS, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        with open(descriptor, "rb") as file:
            raw = file.read()
    except OSError:
        return {}
    if hashlib.sha256(raw).hexdigest()[:32] != recorded:
        return {}
    return entries_by_slug(raw)


def _held_build(
    last: SiteStamp, slug: str, key: str, entries: dict[str, bytes]
) -> StoryBuild | None:
    """The build of story `slug`, whose pages the output holds as the last build wrote
    them (`key` unchanged), from site.json's card and files and the last alignments.json
    entry; None when any of them is missing (the cache file is then read)."""
    card, files, entry = last.cards.get(slug), last.owned.get(slug), entries.get(slug)
    if card is None or files is None or entry is None or not _holds(last, slug, files):
        return None
    return StoryBuild(key, card, entry, None, files, last.notes.get(slug, ()))


def _holds(last: SiteStamp, slug: str, files: tuple[str, ...]) -> bool:
    """Whether the output folder the last build wrote holds exactly `files` as the pages
    of story `slug`."""
    return last.owned.get(slug) == files and all(path in last.digests for path in files)


def _with_pages(cache: BuildCache, slug: str, cached: StoryBuild) -> StoryBuild | None:
    """The cached build `cached` of story `slug` with its pages, read from the cache
    (None if the cache lacks them: the story is then built again)."""
    pages = cache.pages(slug, cached.key)
    return replace(cached, pages=pages) if pages is not None else None


def _build_and_keep(
    todo: list[Path],
    config: SiteConfig,
    words: Strings,
    slugs: dict[Path, str],
    keys: dict[Path, str],
    cache: BuildCache,
    *,
    jobs: int,
    progress: Callable[[int, int], None] | None,
    executor: Executor | None,
    stage: Stage | None = None,
    on_stage: OnStage | None = None,
    stop: threading.Event | None = None,
    handed: HandedOver | None = None,
) -> dict[Path, StoryBuild]:
    """Build the stories in `todo`, keeping each build in `cache`; report progress over
    all of the site's stories. On a cluster (with `stage` and `on_stage`), the workers
    write the pages into the stage and keep their builds in the cache themselves."""
    total = len(keys)
    built: dict[Path, StoryBuild] = {}
    if stage is not None and on_stage is not None and (executor is None or _on_cluster(executor)):
        stories = _place_stories(
            todo, config, words, slugs, keys, cache, executor, stage, on_stage, jobs, stop
        )
    else:
        from site_builder.core.parsed import ParsedCopies

        stories = _build_stories(
            todo,
            config,
            words,
            keys,
            jobs,
            executor=executor,
            stop=stop,
            handed=handed,
            copies=ParsedCopies(cache.folder),
        )
    for folder, story_build in stories:
        built[folder] = story_build
        if on_stage is None or on_stage.folder is None:  # else kept by its worker (a
            cache.put(slugs[folder], story_build)  # cache in memory only: built again)
        if progress is not None:
            progress(total - len(todo) + len(built), total)
    return built


def _place_stories(
    todo: list[Path],
    config: SiteConfig,
    words: Strings,
    slugs: dict[Path, str],
    keys: dict[Path, str],
    cache: BuildCache,
    executor: ClusterExecutor | None,
    stage: Stage,
    on_stage: OnStage,
    jobs: int = 1,
    stop: threading.Event | None = None,
) -> Iterator[tuple[Path, StoryBuild]]:
    """Each story's build on the cluster (`executor`) or in `jobs` processes of the
    build's own (None), its pages written by its worker into the stage (see
    distribute.py); where the stage cannot be opened first (an output that is a mount
    point), the pages come back instead."""
    if not todo:
        return
    folder = stage.open()
    if folder is None:
        yield from _build_stories(  # (jobs: the executor's)
            todo, config, words, keys, jobs, executor=executor, stop=stop
        )
        return
    from site_builder.commands.distribute import WorkerSettings

    settings = WorkerSettings(config, words, cache.folder, folder)
    on_stage.folder = folder
    if executor is None:
        from site_builder.align.language import load_language

        load_language(config.language)  # before forking: the workers share the tables
        todo = _largest_first(todo)  # the longest stories do not end the build alone
        packed = pickle.dumps(settings, pickle.HIGHEST_PROTOCOL)  # once, not per story
        calls = [(_place_packed, (f, slugs[f], keys[f], packed)) for f in todo]
        manifests = in_pool(calls, config, jobs, stop)
    else:
        manifests = executor.place_stories([(f, slugs[f], keys[f]) for f in todo], settings)
    for story, manifest in zip(todo, manifests):
        yield story, on_stage.keep(slugs[story], manifest)


def _place_packed(folder: Path, slug: str, key: str, packed: bytes) -> Placed:
    """In a worker process of our own: distribute.place_story with the settings
    `packed` by the build (pickled once for all its stories, read once per worker)."""
    from site_builder.commands.distribute import place_story

    return place_story(folder, slug, key, _unpacked(packed))


@lru_cache(maxsize=1)
def _unpacked(packed: bytes) -> WorkerSettings:
    """The settings a build packed for its worker processes (see _place_packed): each
    story's task carries the same bytes, so a worker reads them in its first story only.
    (They come from the build's own process, never from a file.)"""
    return pickle.loads(packed)


def _largest_first(folders: list[Path]) -> list[Path]:
    """`folders` with the stories of most bytes first (stable otherwise): given to
    the workers in this order, the stories that take longest start first and the
    build's last moments are not one worker finishing a long story while the others
    wait."""

    def size(folder: Path) -> int:
        with suppress(OSError), os.scandir(folder) as entries:
            return sum(e.stat(follow_symlinks=False).st_size for e in entries)
        return 0

    sizes = {folder: size(folder) for folder in folders}
    return sorted(folders, key=lambda folder: -sizes[folder])


def process_story(story: Story, config: SiteConfig, language: Language) -> StoryResult:
    """Align one story and work out its framing, with the site's `language` (stemmer,
    stop words, word rarities)."""
    from site_builder.frame.framing import frame_story  # loaded only when a story needs building

    if len(story.articles) < 2:
        note(logging.INFO, "%s: one article, nothing to align", story.source)
    alignment = align_for_site(story, config, language)
    framing = frame_story(story, alignment, language, config.loaded_words)
    log.debug("%s: %d events aligned", story.slug, len(alignment.groups))
    return StoryResult(story, alignment, framing)


def align_for_site(story: Story, config: SiteConfig, language: Language) -> Alignment:
    """Align one story as the site's build does: with the site's alignment settings and
    language, and the site's loaded words together with the story's own; then give each
    event its title and time (align/settle.py)."""
    from site_builder.align import align_story  # loaded only when a story is aligned

    loaded_words = (*config.loaded_words, *story.loaded_words)
    return align_story(story, config.alignment, language, loaded_words=loaded_words)


def build_story(
    folder: Path,
    config: SiteConfig,
    words: Strings,
    key: str,
    language: Language,
    copies: ParsedCopies | None = None,
) -> StoryBuild:
    """Read, align, frame and render one story (the unit of work of a build), its pages
    in `words` (the theme's strings); its YAML from the parsed `copies` where they hold
    it (the caller keeps the new ones)."""
    from site_builder.read.content import read_story  # only when a story is built

    with kept_notes() as notes:  # a value, carried back with the result
        story = read_story(folder, language=config.language, copies=copies)
        result = process_story(story, config, language)
    return rendered_story(result, config, words, key, tuple(notes))


def rendered_story(
    result: StoryResult, config: SiteConfig, words: Strings, key: str, notes: tuple[Note, ...]
) -> StoryBuild:
    """The build of a story from its `result` (read, aligned and framed, which said
    `notes`): its pages rendered in `words`, its card and alignments.json entry. The
    second half of build_story, done apart where a helper process (helper.py) aligned
    and framed the story the build read."""
    from site_builder.render.render import (
        render_story,
        story_alignments_json,
        story_card,
        template_environment,
    )

    with kept_notes() as more:  # after the story's own notes, as build_story says them
        env = template_environment(config.site_theme)
        pages = render_story(env, config, words, result)
    return StoryBuild(
        key,
        story_card(result),
        alignments=story_alignments_json(result),
        pages=pages,
        files=tuple(sorted(pages)),
        notes=_portable([*notes, *more], config.root),
    )


def _notes(said: list[Note], stories: Iterable[Iterable[Note]], root: Path) -> list[Note]:
    """All the notes of a build: the site's own (`said` already), then each story's, in
    story order; the site's folder, which kept notes hold as SITE_MARK (see _portable),
    is `root`, where the site is now."""
    notes = list(said)
    for story_notes in stories:
        notes += [
            (level, text.replace(SITE_MARK, str(root) + os.sep)) for level, text in story_notes
        ]
    return notes


def _check_strict(plan: BuildPlan, notes: list[Note]) -> None:
    """With `plan.strict`, stop at the first warning among `notes` (before anything is
    written to the output), naming it: the one line the build then says."""
    warning = first_warning(notes) if plan.strict else None
    if warning is not None:
        raise SiteError(f"{warning} (a warning; --strict makes it an error)")


@contextmanager
def _site_step(said: list[Note], kept: list[Note]) -> Iterator[None]:
    """Say the notes of a site-wide step a build that finds the site up to date skips
    (SiteStamp.site_notes) as they come, and keep them in `kept` as well as in the
    site's notes `said`: site.json keeps them, so that build says them again."""
    with kept_notes(say=True) as step:
        try:
            yield
        finally:
            kept += step
            said += step


def _say_again(notes: Iterable[Note]) -> None:
    """Log the stories' notes (kept as values while they were built), in story order."""
    for level, message in notes:
        log.log(level, "%s", message)


SITE_MARK = "\x00site\x00"
"""What a kept note holds in place of the site's folder, so a note reused from the cache
after the site moved names the files where they are now."""


def _portable(notes: Iterable[Note], root: Path) -> tuple[Note, ...]:
    """A story's notes with the site's folder written as SITE_MARK."""
    return tuple((level, text.replace(str(root) + os.sep, SITE_MARK)) for level, text in notes)


def _build_stories(
    folders: list[Path],
    config: SiteConfig,
    words: Strings,
    keys: dict[Path, str],
    jobs: int,
    *,
    executor: Executor | None = None,
    stop: threading.Event | None = None,
    handed: HandedOver | None = None,
    copies: ParsedCopies | None = None,
) -> Iterator[tuple[Path, StoryBuild]]:
    """Each story's build, in story order: from `executor` if given, else from the
    helper process the few stories were `handed` to (helper.py), else from `jobs`
    processes when that helps. Once `stop` is set, the build's own processes end and BuildStopped is
    raised. The stories built in this process or by the helper read their YAML from the
    parsed `copies` where they hold it, and keep new ones there once all are built."""
    if not folders:
        return
    if handed is not None:  # a rebuild's few stories (_build_in handed them over)
        yield from _built_with_helper(folders, config, words, keys, handed)
        return
    from site_builder.align.language import load_language

    language = load_language(config.language)
    if executor is None and (jobs <= 1 or len(folders) <= 1):
        for folder in folders:
            yield (
                folder,
                build_story(folder, config, words, keys[folder], language, copies),
            )
        if copies is not None:
            copies.keep()
        return
    calls = [(build_story, (f, config, words, keys[f], language)) for f in folders]
    yield from zip(folders, in_pool(calls, config, jobs, stop, executor=executor))


@record
class HandedOver:
    """The stories a rebuild handed to its helper process (helper.py), as soon as it
    knew them: each one's folder, in story order, as read here (None: it could not be)
    with what reading it said; the helper's replies, to be read in that order; and the
    parsed copies reading them made (`copies`, kept once they are built)."""

    folders: list[Path]
    read: list[tuple[Story | None, tuple[Note, ...]]]
    replies: Iterator[Reply]
    copies: ParsedCopies


def _handed_over(
    helper: StoryHelper, site: SiteFound, cache: BuildCache, config: SiteConfig
) -> HandedOver | None:
    """The stories of the `site` to build (changed since its last build, no build of
    theirs in `cache`), read here and handed to `helper` to align and frame while this
    process reads the theme's words, the last alignments.json and imports the renderer;
    None when there are none or more than MOST_STORIES (not the helper's work)."""
    from site_builder.core.parsed import ParsedCopies

    last, slugs, keys = site.last, site.slugs, site.keys
    todo = [
        folder
        for folder in site.folders
        if not (last is not None and last.stories.get(slugs[folder]) == keys[folder])
        and cache.get(slugs[folder], keys[folder]) is None
    ]
    if not 0 < len(todo) <= MOST_STORIES:
        return None
    copies = ParsedCopies(cache.folder)
    read = [_read_for_helper(folder, config, copies) for folder in todo]
    replies = helper.process([story for story, _ in read])
    return HandedOver(todo, read, replies, copies)


def _built_with_helper(
    folders: list[Path],
    config: SiteConfig,
    words: Strings,
    keys: dict[Path, str],
    handed: HandedOver,
) -> Iterator[tuple[Path, StoryBuild]]:
    """Each story's build: read and `handed` over to the helper, which aligned and framed
    it while this process went on; its pages rendered here. A story that could not be
    read, or that the helper sends nothing back for, is built here, as without a helper
    (meeting whatever went wrong itself). The parsed copies reading made are kept."""
    import site_builder.render.render  # noqa: F401 - now, while the helper works

    language = None
    for folder, (story, said), reply in zip(folders, handed.read, handed.replies):
        if story is not None and reply is not None:
            result, notes = reply
            yield folder, rendered_story(result, config, words, keys[folder], (*said, *notes))
            continue
        if language is None:
            from site_builder.align.language import load_language

            language = load_language(config.language)
        yield folder, build_story(folder, config, words, keys[folder], language, handed.copies)
    handed.copies.keep()


def _read_for_helper(
    folder: Path, config: SiteConfig, copies: ParsedCopies | None
) -> tuple[Story | None, tuple[Note, ...]]:
    """The story in `folder` as build_story reads it, with what reading it said; (None,
    ()) if it cannot be read (build_story then reads it again and says why)."""
    from site_builder.read.content import read_story

    try:
        with kept_notes() as said:
            story = read_story(folder, language=config.language, copies=copies)
    except Exception:
        return None, ()
    return story, tuple(said)


def _theme_words(config: SiteConfig, cache: BuildCache) -> Strings:
    """The theme's words in the site's language (their notes said as they are read),
    unchanged strings files from their parsed copies in the cache (parsed.py)."""
    from site_builder.core.parsed import ParsedCopies
    from site_builder.core.strings import theme_strings

    copies = ParsedCopies(cache.folder)
    words = theme_strings(config.site_theme, config.language, copies)
    copies.keep()  # the site's own strings files, all read without an error
    return words


def default_jobs() -> int:
    """How many processes to build with by default: one per core."""
    return os.cpu_count() or 1
