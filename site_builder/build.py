"""Build: the pipeline end to end, read -> align -> frame -> render -> write.

Each story is aligned and framed on its own (stories are independent), then the whole
site is rendered and written at once.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from pathlib import Path

from site_builder.align import align_story
from site_builder.config import SiteConfig
from site_builder.content import read_stories
from site_builder.framing import frame_story
from site_builder.model import Story
from site_builder.render import StoryResult, render_site
from site_builder.write import write_site

log = logging.getLogger(__name__)


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

    def summary(self) -> str:
        """'Built 1 story: 5 articles, 74 passages, 20 events; 12 files in output/ in 0.31 s'."""
        return (
            f"Built {_count(self.stories, 'story', 'stories')}: "
            f"{_count(self.articles, 'article')}, {_count(self.passages, 'passage')}, "
            f"{_count(self.groups, 'aligned event')}; {_count(self.files, 'file')} "
            f"written to {self.output} in {self.seconds:.2f} s"
        )


class StoryCache:
    """Results of earlier builds in this process, reused for stories that did not change.

    A story's result depends only on its own files (articles, _story.md, overrides) and
    on the alignment settings and loaded words, so an unchanged story with unchanged
    settings is neither re-aligned nor re-framed.
    """

    def __init__(self) -> None:
        self._results: dict[str, tuple[Story, str, StoryResult]] = {}

    def get(self, story: Story, config: SiteConfig) -> StoryResult | None:
        """The cached result for `story` if neither it nor the settings changed."""
        cached = self._results.get(story.slug)
        if cached and cached[0] == story and cached[1] == _settings_key(config):
            return cached[2]
        return None

    def put(self, result: StoryResult, config: SiteConfig) -> None:
        """Remember `result` for the next build."""
        self._results[result.story.slug] = (result.story, _settings_key(config), result)


def build(config: SiteConfig, *, cache: StoryCache | None = None) -> BuildReport:
    """Build the whole site into config.output_path; the old output survives any error.

    With a `cache`, stories unchanged since its last build are not aligned again.
    """
    started = time.perf_counter()
    stories = read_stories(config.content_path)
    results = []
    for story in stories:
        result = cache.get(story, config) if cache is not None else None
        if result is None:
            result = process_story(story, config)
            if cache is not None:
                cache.put(result, config)
        results.append(result)
    pages = render_site(config, results)
    files = write_site(config.output_path, pages, config.theme_path / "static")
    return BuildReport(
        stories=len(results),
        articles=sum(len(r.story.articles) for r in results),
        passages=sum(len(a.passages) for r in results for a in r.story.articles),
        groups=sum(len(r.alignment.groups) for r in results),
        files=files,
        seconds=time.perf_counter() - started,
        output=config.output_path,
    )


def process_story(story: Story, config: SiteConfig) -> StoryResult:
    """Align one story and work out its framing."""
    if len(story.articles) < 2:
        log.info("%s: one article, nothing to align", story.source)
    alignment = align_story(story, config.alignment)
    framing = frame_story(story, alignment, config.alignment, config.loaded_words)
    log.debug("%s: %d events aligned", story.slug, len(alignment.groups))
    return StoryResult(story, alignment, framing)


def _settings_key(config: SiteConfig) -> str:
    return repr((config.alignment, config.loaded_words))


def _count(n: int, singular: str, plural: str | None = None) -> str:
    return f"{n} {singular if n == 1 else (plural or singular + 's')}"
