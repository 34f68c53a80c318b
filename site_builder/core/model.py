"""The plain data that flows between the pipeline's steps.

read (content.py) -> Story / Article / Passage -> align -> Alignment -> framing -> render.
Everything here is a frozen dataclass: steps build new values, none changes an old one
(SpansOnDemand, a mapping, makes some of its values when first asked for: the same
values whenever that is).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import field
from functools import cached_property
from pathlib import Path

from site_builder.core.records import record
from site_builder.core.tokens import Token


@record(frozen=True)
class Heading:
    """A heading inside an article body: shown, but not a passage."""

    level: int
    html: str
    text: str


@record(frozen=True)
class Passage:
    """One block-level paragraph (paragraph, list item or block-quote paragraph).

    `id` (e.g. "p-7") is stable across rebuilds and unique in its article; `html` is the
    rendered inline Markdown, `text` the same as plain text (runs of white space made one
    space, trimmed: the search file takes it as it is), `sentences` that text split into
    sentences (the aligner's unit of evidence).
    """

    id: str
    html: str
    text: str
    sentences: tuple[str, ...]
    kind: str = "paragraph"
    marker: str = ""
    line: int = 0


@record(frozen=True)
class Other:
    """A block shown as written but not a passage (code, table, rule)."""

    html: str


Block = Heading | Passage | Other


@record(frozen=True)
class Article:
    """One outlet's article: front matter facts plus its body as blocks."""

    slug: str
    title: str
    outlet: str
    blocks: tuple[Block, ...]
    source: Path
    date: str = ""
    author: str = ""
    url: str = ""
    lang: str = ""
    translated_from: str = ""
    kind: str = ""

    @cached_property
    def passages(self) -> tuple[Passage, ...]:
        """The body's passages in reading order."""
        return tuple(b for b in self.blocks if isinstance(b, Passage))

    def passage(self, passage_id: str) -> Passage | None:
        """The passage with this id, or None."""
        return self._passages_by_id.get(passage_id)

    @cached_property
    def _passages_by_id(self) -> dict[str, Passage]:
        return {p.id: p for p in self.passages}


@record(frozen=True)
class PassageRef:
    """Names one passage of one article in a story, as `article/p-3`."""

    article: str
    passage: str

    def __str__(self) -> str:
        return f"{self.article}/{self.passage}"


@record(frozen=True)
class Overrides:
    """An editor's corrections to the aligner from content/<story>/alignments.yml."""

    link: tuple[tuple[PassageRef, PassageRef], ...] = ()
    apart: tuple[tuple[PassageRef, PassageRef], ...] = ()
    labels: tuple[tuple[PassageRef, str], ...] = ()


@record(frozen=True)
class Story:
    """A story: several articles about it, an introduction, and the editor's overrides."""

    slug: str
    title: str
    intro_html: str
    articles: tuple[Article, ...]
    source: Path
    overrides: Overrides = field(default_factory=Overrides)
    loaded_words: tuple[str, ...] = ()
    language: str = "en"
    """The site's language: its articles' unless one's `lang` names another."""

    def article(self, slug: str) -> Article | None:
        """The article with this slug, or None."""
        return next((a for a in self.articles if a.slug == slug), None)

    def language_of(self, slug: str) -> str:
        """The language article `slug` is written in, whose rules read its text."""
        from site_builder.core.language_pack import text_language

        article = self.article(slug)
        return text_language(article.lang if article else "", self.language)


@record(frozen=True)
class Member:
    """One passage's part in a group: which of its sentences report the group's event."""

    article: str
    passage: str
    sentences: tuple[int, ...]


@record(frozen=True)
class Group:
    """One event reported by two or more articles, at most one passage per article."""

    id: str
    label: str
    score: float
    members: tuple[Member, ...]
    terms: tuple[str, ...] = ()
    """The specific things the members share (as the story writes them), rarest first."""
    time: str = ""
    """The time the event is about, as its members say (2022-03-29, 2022-03, 2022), or ''."""
    why: str = ""
    """Why the aligner holds these passages to report the same event, or only related
    ones (for `site-builder align --explain`)."""


PassageKey = tuple[str, str]
"""A passage as (article slug, passage id)."""
Sentences = Mapping[PassageKey, tuple[tuple[Token, ...], ...]]
"""Each passage's sentences as tokens."""


@record(frozen=True)
class Alignment:
    """The align step's one value per story, everything later steps need of it.

    `groups`: in story order, the events two or more outlets report that the aligner is
    confident of; `related`: weaker links (the same theme at another moment, a loose
    paraphrase), shown apart. `sentences`: each passage's sentences as tokens with their
    terms (so framing marks shared words without reading the text again); `weights`:
    how much sharing each term tells; `surface`: how the story writes each term.
    """

    groups: tuple[Group, ...]
    related: tuple[Group, ...] = ()
    sentences: Sentences = field(default_factory=dict)
    weights: Mapping[str, float] = field(default_factory=dict)
    surface: Mapping[str, str] = field(default_factory=dict)
    other_time: frozenset[str] = frozenset()
    """Articles about another time than the rest of the story (e.g. a later commentary)."""


@record(frozen=True)
class Span:
    """A piece of a passage's text and how to show it."""

    text: str
    shared: bool = False
    own: bool = False
    loaded: bool = False
    event: bool = False


@record(frozen=True)
class Person:
    """Someone an article quotes or cites, how often, and where (passage ids)."""

    name: str
    mentions: int
    passages: tuple[str, ...] = ()


@record(frozen=True)
class LoadedUse:
    """One loaded word in one outlet's article: in its own voice ('own') or in words it
    quotes or attributes to someone ('quoted'), how often, and in which passages."""

    word: str
    voice: str
    count: int
    passages: tuple[str, ...]


@record(frozen=True)
class DistinctiveWord:
    """A word an outlet uses significantly more often than the other outlets of the
    story (weighted log-odds with an informative Dirichlet prior, z >= 1.96)."""

    word: str
    z: float
    strength: float
    """Its z against the story's most distinctive word's (0 to 1)."""
    count: int
    """How often the outlet uses it."""
    others: tuple[tuple[str, int], ...]
    """How often each other outlet uses it, by article slug, in story order."""


@record(frozen=True)
class Absence:
    """An event every other outlet reports and one outlet's article is not linked to:
    `kind` 'leaves-out' when none of its passages is linked to the event in any tier
    nor shares the event's specific things; else 'not-linked', with the passages that
    may report it (linked to it loosely, or sharing its specific things)."""

    group: str
    kind: str
    passages: tuple[str, ...] = ()


@record(frozen=True)
class OutletFraming:
    """One outlet's profile within a story."""

    article: str
    distinctive: tuple[DistinctiveWord, ...]
    """The words that set its coverage apart, most significant first."""
    quoted: tuple[Person, ...]
    loaded: tuple[LoadedUse, ...]
    """Its loaded words, in the order of the site's list, own voice before quoted."""
    covered: int
    absences: tuple[Absence, ...] = ()
    """The events every other outlet reports and it is not linked to, in story order."""


MemberKey = tuple[str, str, str]
"""A member of a group: the group's id, the article's slug, the passage's id."""


class SpansOnDemand(Mapping[MemberKey, tuple[Span, ...]]):
    """Each member's spans (Framing.spans), by MemberKey, in the order of the groups:
    those of groups made at once, and those of each group in `later` made by its
    function the first time one of its members is asked for (the related groups, whose
    text the default theme does not print). It is pickled with every group made."""

    def __init__(
        self,
        made: Mapping[str, Mapping[MemberKey, tuple[Span, ...]]],
        later: Mapping[str, Callable[[], Mapping[MemberKey, tuple[Span, ...]]]] | None = None,
    ) -> None:
        self._later = dict(later or {})
        self._groups = {**made, **dict.fromkeys(self._later)}
        """Each group's spans by group id, in order; None for one not made yet."""

    def _group(self, group: str) -> Mapping[MemberKey, tuple[Span, ...]]:
        spans = self._groups.get(group)
        if spans is None:
            make = self._later.pop(group, None)
            if make is None:
                return {}
            spans = self._groups[group] = make()
        return spans

    def __getitem__(self, key: MemberKey) -> tuple[Span, ...]:
        return self._group(key[0])[key]

    def __iter__(self) -> Iterator[MemberKey]:
        return (key for group in list(self._groups) for key in self._group(group))

    def __len__(self) -> int:
        return sum(len(self._group(group)) for group in list(self._groups))

    def __repr__(self) -> str:
        return repr(dict(self))

    def __reduce__(self) -> tuple:
        return (SpansOnDemand, ({group: self._group(group) for group in list(self._groups)},))


@record(frozen=True)
class Framing:
    """Everything the pages show about wording: per row and member, and per outlet."""

    spans: Mapping[MemberKey, tuple[Span, ...]]
    """Each member's passage as spans (see framing.passage_spans)."""
    outlets: tuple[OutletFraming, ...]
    loaded_words: tuple[str, ...]
    related: tuple[Group, ...] = ()
    """The related groups the pages show, framed too (see framing.shown_related)."""


@record(frozen=True)
class StoryResult:
    """A story with what the align and frame steps found in it."""

    story: Story
    alignment: Alignment
    framing: Framing


@record(frozen=True)
class ArticleCard:
    """What the site-wide pages show of an article: no text."""

    slug: str
    outlet: str
    title: str
    date: str | None
    first_words: str = ""
    """Its first words, when it has no headline to be listed by."""
    lang: str = ""


@record(frozen=True)
class EventCard:
    """What the site-wide pages (outlet pages, blindspots) keep of one event: which
    outlets report it, and which others have a passage linked to it in any tier."""

    id: str
    title: str
    outlets: tuple[str, ...]
    """The outlets whose passages report it (the group's members), by name, sorted."""
    linked: tuple[str, ...] = ()
    """Other outlets with a passage in a related group with one of its members: they
    may report it too, so no page says they leave it out."""


@record(frozen=True)
class StoryCard:
    """What the site-wide pages (index, 404) and the build's summary need of a story:
    small, so the cards of unchanged stories are cheap to keep and load again."""

    slug: str
    title: str
    intro_html: str
    articles: tuple[ArticleCard, ...]
    """Earliest first (undated last), then by outlet."""
    passages: int
    groups: int
    dates: tuple[str, str] | None
    """The first and the last of the articles' dates, if any is dated."""
    words: str = ""
    """More words a reader may search the story by (its introduction, its events'
    titles), folded to plain lower case."""
    events: tuple[EventCard, ...] = ()
    """Its events (groups), in story order."""
