"""Two articles side by side: the view model of <story>/compare/<a>--<b>/.

Both articles are shown in full, in reading order, in two columns. The passages the
aligner links as the same event (a group holding one passage of each) stand level
where reading order allows: the largest set of links that do not cross is chosen, and
each of them is a row of its own, so the two passages' tops are level; the blocks
between two such rows make a row between them. A link that crosses another cannot be
level without reordering an article: its passages link to each other instead. On a
phone each row becomes a stack, left column first: one passage after its counterpart.

Words a linked passage shares with its counterparts are marked, from the terms the
aligner read in each token (Alignment.sentences), so no text is read again.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from markupsafe import Markup

from site_builder.core.model import Alignment, Article, Heading, Passage, Span, StoryResult
from site_builder.core.strings import Strings
from site_builder.render.views import (
    EventLink,
    Head,
    compare_href,
    pairs_side_by_side,
    passage_number,
)


@dataclass(frozen=True)
class Counter:
    """A counterpart of a linked passage that does not stand level with it."""

    id: str
    """Its element id on the page."""
    label: str


@dataclass(frozen=True)
class CompareBlock:
    """One block of one article, as the page shows it."""

    kind: str
    """'heading', 'passage', 'quote' or 'other'."""
    html: str
    """As written (for a heading, other block and a passage without counterpart)."""
    spans: tuple[Span, ...] = ()
    """A linked passage's text, the words it shares with its counterparts marked."""
    id: str = ""
    """Its element id: 'l-' or 'r-' and the passage's id."""
    passage: str = ""
    marker: str = ""
    level: int = 0
    links: str = ""
    """The element ids of its counterparts, space-separated ('' if none)."""
    off: tuple[Counter, ...] = ()
    """Its counterparts that are not level with it."""


@dataclass(frozen=True)
class CompareRow:
    """One row: blocks of the left article beside blocks of the right one."""

    left: tuple[CompareBlock, ...]
    right: tuple[CompareBlock, ...]
    level: bool
    """Whether it starts with two linked passages, level with each other."""


@dataclass(frozen=True)
class ComparePage:
    """Two articles of a story side by side."""

    path: str
    """Its address relative to the site's root (…/index.html)."""
    story_slug: str
    story_title: str
    left: Head
    right: Head
    rows: tuple[CompareRow, ...]
    heading: Markup
    """Its title: the two outlets."""
    events: tuple[EventLink, ...]
    """The events both report, in the left article's order, each with the element id
    of its first passage on the left: the page's jump bar."""
    shared: str
    """How many events they share, in words."""
    description: str


def compare_pages(
    result: StoryResult, heads: Mapping[str, Head], words: Strings
) -> Iterable[ComparePage]:
    """The page of every pair of articles of a story side by side (of some pairs, in a
    story of many articles: see views.pairs_side_by_side), in the order of their slugs."""
    links = _pair_links(result.alignment)
    for first, second in pairs_side_by_side(result.story, result.alignment):
        yield _page(result, heads, words, first, second, links.get((first, second), {}))


PairLinks = dict[tuple[str, str], list[tuple[str, str]]]
"""For one pair of articles: (left passage, right passage) -> the groups (id, title)
that link them."""


def _pair_links(alignment: Alignment) -> dict[tuple[str, str], PairLinks]:
    """Every same-event link between two articles, by pair of article slugs (sorted)."""
    found: dict[tuple[str, str], PairLinks] = defaultdict(lambda: defaultdict(list))
    for group in alignment.groups:
        title = group.label or group.id
        for a in group.members:
            for b in group.members:
                if a.article < b.article:
                    found[(a.article, b.article)][(a.passage, b.passage)].append((group.id, title))
    return found


def _page(
    result: StoryResult,
    heads: Mapping[str, Head],
    words: Strings,
    first: str,
    second: str,
    links: PairLinks,
) -> ComparePage:
    """The page of articles `first` (left) and `second` (right) side by side: their
    passages in rows, linked pairs level where both orders allow (`links`: the events
    each linked pair of passages reports)."""
    story, alignment = result.story, result.alignment
    left, right = story.article(first), story.article(second)
    order_l = {p.id: i for i, p in enumerate(left.passages)}
    order_r = {p.id: i for i, p in enumerate(right.passages)}
    pairs = sorted(links, key=lambda pr: (order_l[pr[0]], order_r[pr[1]]))
    level = set(level_pairs([(order_l[a], order_r[b]) for a, b in pairs]))
    level_links = [(a, b) for a, b in pairs if (order_l[a], order_r[b]) in level]
    counter_l: dict[str, list[str]] = defaultdict(list)
    counter_r: dict[str, list[str]] = defaultdict(list)
    for a, b in pairs:
        counter_l[a].append(b)
        counter_r[b].append(a)
    marker = _Marker(alignment)
    head_l, head_r = heads[first], heads[second]
    blocks_l = _blocks(left, "l", counter_l, level_links, 0, head_r, marker, words)
    blocks_r = _blocks(right, "r", counter_r, level_links, 1, head_l, marker, words)
    rows = tuple(_rows(blocks_l, blocks_r, level_links))
    first_at: dict[str, EventLink] = {}
    for a, b in pairs:  # in the left article's order
        for gid, title in links[(a, b)]:
            first_at.setdefault(gid, EventLink(f"l-{a}", title))
    events = tuple(first_at.values())
    return ComparePage(
        path=compare_href(story.slug, first, second),
        story_slug=story.slug,
        story_title=story.title,
        left=head_l,
        right=head_r,
        rows=rows,
        heading=words.text("compare_title", left=head_l.outlet, right=head_r.outlet),
        events=events,
        shared=words.count("compare_shared", len(events)),
        description=words.plain(
            "compare_description",
            len(events),
            left=head_l.outlet,
            right=head_r.outlet,
            story=story.title,
        ),
    )


def level_pairs(pairs: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """The largest set of (left, right) positions strictly increasing in both: the
    links that can stand level without reordering either article. Ties go to the
    earliest pairs, so the choice is the same in every build."""
    ordered = sorted(set(pairs), key=lambda p: (p[0], -p[1]))
    tails: list[int] = []  # tails[k]: the right position ending the best chain of k + 1
    ends: list[int] = []  # the index in `ordered` of that chain's end
    before: list[int] = []
    for index, (_, right) in enumerate(ordered):
        k = bisect.bisect_left(tails, right)
        if k == len(tails):
            tails.append(right)
            ends.append(index)
        else:
            tails[k], ends[k] = right, index
        before.append(ends[k - 1] if k else -1)
    chain, at = [], ends[-1] if ends else -1
    while at >= 0:
        chain.append(ordered[at])
        at = before[at]
    return chain[::-1]


class _Marker:
    """A linked passage's text as spans, the words it shares with others marked."""

    def __init__(self, alignment: Alignment) -> None:
        self.sentences = alignment.sentences

    def terms(self, article: str, passage: str) -> set[str]:
        """Every term the aligner read in a passage."""
        return {
            term
            for sentence in self.sentences.get((article, passage), ())
            for token in sentence
            for term in token.terms
        }

    def spans(self, article: str, passage: Passage, others: set[str]) -> tuple[Span, ...]:
        """`passage` as spans, its tokens with a term in `others` marked shared (runs of
        marked tokens, and the spaces between them, are one span); () when the aligner
        kept no tokens of it."""
        sentences = self.sentences.get((article, passage.id))
        if not sentences:
            return ()
        pieces: list[tuple[str, bool]] = []
        for number, sentence in enumerate(sentences):
            if number:
                pieces.append((" ", False))
            for token in sentence:
                pieces.append((token.text, any(t in others for t in token.terms)))
        return tuple(_merged(pieces))


def _merged(pieces: Sequence[tuple[str, bool]]) -> Iterable[Span]:
    """Runs of pieces with the same mark as spans; white space between two marked
    pieces joins their run."""
    marks = [shared for _, shared in pieces]
    for k, (text, shared) in enumerate(pieces):
        if not shared and not text.strip() and 0 < k < len(pieces) - 1:
            marks[k] = marks[k - 1] and pieces[k + 1][1]
    run: list[str] = []
    for k, (text, _) in enumerate(pieces):
        if run and marks[k] != marks[k - 1]:
            yield Span("".join(run), shared=marks[k - 1])
            run = []
        run.append(text)
    if run:
        yield Span("".join(run), shared=marks[-1])


def _blocks(
    article: Article,
    side: str,
    counterparts: Mapping[str, list[str]],
    level_links: Sequence[tuple[str, str]],
    index: int,
    other: Head,
    marker: _Marker,
    words: Strings,
) -> list[CompareBlock]:
    """The blocks of one article for its column (`side` 'l' or 'r')."""
    other_side = "r" if side == "l" else "l"
    level_with = {pair[index]: pair[1 - index] for pair in level_links}
    other_slug = other.slug
    result = []
    for block in article.blocks:
        if isinstance(block, Heading):
            result.append(CompareBlock("heading", block.html, level=max(block.level, 2)))
        elif isinstance(block, Passage):
            mine = counterparts.get(block.id, [])
            if not mine:
                result.append(
                    CompareBlock(
                        "quote" if block.kind == "blockquote" else "passage",
                        block.html,
                        id=f"{side}-{block.id}",
                        passage=block.id,
                        marker=block.marker,
                    )
                )
                continue
            others = set().union(*(marker.terms(other_slug, p) for p in mine))
            spans = marker.spans(article.slug, block, others)
            result.append(
                CompareBlock(
                    "quote" if block.kind == "blockquote" else "passage",
                    block.html,
                    spans=spans,
                    id=f"{side}-{block.id}",
                    passage=block.id,
                    marker=block.marker,
                    links=" ".join(f"{other_side}-{p}" for p in mine),
                    off=tuple(
                        Counter(
                            f"{other_side}-{p}",
                            words.text(  # "passage 9", as the reader counts
                                "passage_of", outlet=other.outlet, passage=passage_number(p)
                            ),
                        )
                        for p in mine
                        if level_with.get(block.id) != p
                    ),
                )
            )
        else:
            result.append(CompareBlock("other", block.html))
    return result


def _rows(
    left: Sequence[CompareBlock],
    right: Sequence[CompareBlock],
    level_links: Sequence[tuple[str, str]],
) -> Iterable[CompareRow]:
    """The page's rows: each level pair is a row of its own, and the blocks between two
    pairs (or before the first, after the last) a row between them; so on a phone,
    where each row is a stack, a passage comes right after its counterpart."""
    at_l = {b.passage: i for i, b in enumerate(left) if b.passage}
    at_r = {b.passage: i for i, b in enumerate(right) if b.passage}
    i = j = 0
    for a, b in [*level_links, (None, None)]:
        end_l = at_l[a] if a is not None else len(left)
        end_r = at_r[b] if b is not None else len(right)
        if end_l > i or end_r > j:
            yield CompareRow(tuple(left[i:end_l]), tuple(right[j:end_r]), False)
        if a is not None:
            yield CompareRow((left[end_l],), (right[end_r],), True)
        i, j = end_l + 1, end_r + 1
