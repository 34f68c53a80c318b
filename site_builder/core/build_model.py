"""The build's own values: what one story's build yields, what a build left in the
output folder, and what it reports.

build.py makes them, cache.py keeps them between runs and deploy.py / serve.py / the
CLI print them; none of those modules has to import another to share them.
"""

from __future__ import annotations

import logging
from dataclasses import field
from pathlib import Path

from site_builder.core.model import StoryCard
from site_builder.core.records import record


@record
class StoryBuild:
    """One story's rendered pages and what the site-wide pages need of it, as cached
    between builds (and sent back by worker processes)."""

    key: str
    card: StoryCard
    alignments: str | bytes
    """The story's entry of alignments.json, rendered (see render.story_alignments_json);
    bytes (UTF-8) when taken as they are from the alignments.json the output holds."""
    pages: dict[str, bytes] | None
    """Its pages by path in the output folder; None when read back from the cache,
    which keeps them apart (see BuildCache.pages): a rebuild needs them only for the
    stories whose pages the output folder does not hold already."""
    files: tuple[str, ...] = ()
    """The paths of its pages, also when `pages` is None: the exact files of the output
    folder this story owns."""
    notes: tuple[tuple[int, str], ...] = ()
    """What reading and building the story logged (level, message), from INFO up: said
    again whenever the build is reused, so a cached build says what a cold one says."""


@record(frozen=True)
class SiteStamp:
    """What a build left in the output folder."""

    key: str
    """A hash of everything the site was built from (see keys.site_key)."""
    counts: dict[str, int]
    """Stories, articles, passages and groups, for the summary line."""
    digests: dict[str, str]
    """Every file's path inside the output folder and a hash of its bytes."""
    stories: dict[str, str]
    """Each story's slug and the key (see keys.story_key) of the build its pages are
    from."""
    owned: dict[str, tuple[str, ...]]
    """Each story's slug and the paths of its pages: the files it owns."""
    notes: dict[str, tuple[tuple[int, str], ...]]
    """Each story's slug and its build's notes (see StoryBuild.notes), said again by a
    build that finds the site up to date."""
    cards: dict[str, StoryCard] = field(default_factory=dict)
    """Each story's slug and its card: a rebuild takes the cards of the stories it does
    not build again from here, one small file, not from each story's cache file."""
    frame: str = ""
    """A hash of what the site-wide pages (home, 404, outlets, blindspots, feed,
    sitemap) depend on besides the stories' cards and files (see keys.frame_key): a
    rebuild that leaves every card and file list as it was keeps those pages as they are."""
    site_notes: dict[str, tuple[tuple[int, str], ...]] = field(default_factory=dict)
    """The notes of the site-wide steps a build that finds the site up to date skips
    (reading the theme's words: 'words'; checking site.yml's outlets: 'outlets'), by
    step: that build says them again, as it says each story's, since their causes are
    still there (a change to any would have changed `key`)."""


@record(frozen=True)
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
    notes: tuple[tuple[int, str], ...] = ()
    """What the build noted (level, message), the site's own notes first, then each
    story's in story order (a story's build sends them back with its result, from
    whatever thread, process or cluster worker ran it; reused with it from the cache):
    what `--strict` reads."""

    def summary(self) -> str:
        """'Built 1 story: 5 articles, 74 passages, 20 aligned events; 12 files written to
        output in 0.31 s' (plus how many stories were unchanged, when some were, and how
        many warnings were said above it, when there were: on a long build they have
        scrolled away)."""
        warned = sum(1 for level, _ in self.notes if level >= logging.WARNING)
        warnings = f"; {_count(warned, 'warning')} above" if warned else ""
        if self.up_to_date:
            return (
                f"Up to date: {self.output} already holds "
                f"{_count(self.stories, 'story', 'stories')}, {_count(self.articles, 'article')}"
                f", {_count(self.groups, 'aligned event')}; nothing changed "
                f"(checked in {self.seconds:.2f} s){warnings}"
            )
        unchanged = f" ({self.reused} unchanged)" if self.reused else ""
        return (
            f"Built {_count(self.stories, 'story', 'stories')}{unchanged}: "
            f"{_count(self.articles, 'article')}, {_count(self.passages, 'passage')}, "
            f"{_count(self.groups, 'aligned event')}; {_count(self.files, 'file')} "
            f"written to {self.output} in {self.seconds:.2f} s{warnings}"
        )


def _count(n: int, singular: str, plural: str | None = None) -> str:
    return f"{n} {singular if n == 1 else (plural or singular + 's')}"
