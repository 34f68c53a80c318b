"""View models: what each page shows, worked out in Python from a story's result.

The theme's templates only print these values (no filtering or searching in loops), so
what a page shows is decided and tested here, and a page of 8,000 passages costs no
more to lay out than its size. Every href is relative to the site's root (templates put
the page's way to the root before it), so a site works at / and under any sub-path.

- StoryPage: the comparison page: headlines side by side, who reports what, how each
  outlet frames the story, then each event told once (EventBlock), related groups apart.
- ArticlePage: one article as written, each aligned passage linked to its counterparts.
- IndexPage: every story, grouped by year, with the words a reader may search it by.

The words a page says around the stories' own (headings, dates, counts) are the theme's
strings in the site's language (strings.py): views fill in the ones that hold a value,
templates print the others.

The view models are plain dataclasses, not frozen ones (but When, a value told apart
by value): each is made for one page and only read by its template, and Python 3.11
takes twice as long to define a frozen dataclass as a plain one (three methods more,
each compiled from source): importing this module took 11.6 ms with 25 frozen classes,
6.7 with none, on the critical path of every rebuild after one edit.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import field, replace
from functools import cache, partial
from html import unescape
from typing import Any

from site_builder.core.config import OutletProfile
from site_builder.core.model import (
    Alignment,
    Article,
    ArticleCard,
    DistinctiveWord,
    EventCard,
    Framing,
    Group,
    Heading,
    Passage,
    Span,
    Story,
    StoryCard,
    StoryResult,
)
from site_builder.core.records import record
from site_builder.core.slugs import outlet_slug
from site_builder.core.strings import Strings
from site_builder.core.text import is_unknown, known, search_fold
from site_builder.render.why import Reason, reason, report_href

MATRIX_OUTLETS = 8
"""Up to this many outlets, who reports what is a table (events x outlets); beyond, a
list naming the outlets of each event."""
SEARCH_WORDS = 300
"""At most this many words of a story's introduction and event titles go into the home
page's search data (each once), so a story of thousands of events stays small there."""
FIRST_WORDS = 12
"""How many of an article's first words stand for a headline it does not have."""
NO_HEADLINE = frozenset({"(no headline in the source)"})
"""Titles that say the source gives no headline (the BASIL importer writes the first)."""
MONTHS = (
    "january february march april may june july august september october november december"
).split()
"""The strings that name the months, January first."""
ELLIPSIS = "…"
EVERY_PAIR_UP_TO = 12
"""Up to this many articles, a story has a page for every pair of its articles side by
side; beyond, n * (n - 1) / 2 pages would swamp the site (19,900 for 200 articles), so
each article is paired with the MOST_PARTNERS articles it shares most events with."""
MOST_PARTNERS = 6


# ---- shared pieces ----


@record(frozen=True)
class When:
    """A date or partial date: `iso` for machines (2022-03-29, 2022-03, 2022), `text`
    for readers (in English 29 March 2022, March 2022, 2022). Frozen (hashable) unlike
    the other view models: a card's dates are told apart by value."""

    iso: str
    text: str


@record
class Fact:
    """One fact of an article's header: its date (with `when`), kind, author..."""

    kind: str
    """'date', 'kind', 'author', 'translated' or 'other-time'."""
    text: str
    when: When | None = None


@record
class Head:
    """An article as it heads its column, card or page."""

    slug: str
    outlet: str
    headline: str
    """Its title, or when it has none, its first words (see `untitled`)."""
    untitled: bool
    date: When | None
    kind: str
    author: str
    translated_from: str
    other_time: bool
    """About another time than the rest of the story (e.g. a commentary years later)."""
    lang: str
    """Its language where it differs from the site's (for lang=), else ''."""
    href: str
    """Its page."""
    facts: tuple[Fact, ...] = ()
    """Its date, kind, author, original language and time, those it has, in that order."""
    lean: str = ""
    """Its outlet's lean as the editor gives it in site.yml (outlets:), or ''."""
    outlet_href: str = ""
    """Its outlet's page (outlets/<slug>/)."""


@record
class EventLink:
    """A link to an event block of the comparison page."""

    id: str
    title: str


class _SaidOnRead:
    """A view model whose `where` (the outlet and passage in words, for screen readers)
    is said by its `say_where` the first time something reads it, then kept: the
    default theme prints it nowhere, and a page of hundreds of passages filled the
    theme's string for each; a site's own theme may print it."""

    say_where: Callable[[], str]

    def __getattr__(self, name: str) -> Any:
        if name != "where":  # (read before it is said)
            raise AttributeError(name)
        self.where = self.say_where()
        return self.where


# ---- the comparison page ----


@record
class MemberView(_SaidOnRead):
    """One outlet's report of an event: the sentences that report it, and the whole
    passage on demand where the page does not show it in full elsewhere."""

    head: Head
    passage: str
    """The passage's id in its article."""
    marker: str
    make_spans: Callable[[], tuple[tuple[Span, ...], tuple[Span, ...]]] = field(
        repr=False, compare=False
    )
    """What makes `evidence` and `whole`, the first time a template reads one of them
    (the default theme reads neither for a related group's members)."""
    evidence: tuple[Span, ...] = field(init=False)
    """The sentences that report the event, shared words marked, gaps shown as '…'."""
    whole: tuple[Span, ...] = field(init=False)
    """The whole passage, when `evidence` is not all of it and this is the first place
    the page shows it; else ()."""
    whole_in: EventLink | None
    """Where on the page the whole passage stands, when that is another event."""
    whole_in_label: str
    """The same for screen readers ("at “<event>”"), or ''."""
    href: str
    """The passage in its article."""
    say_where: Callable[[], str] = field(repr=False, compare=False)
    where: str = field(init=False)
    """The outlet and passage, for screen readers after a link to it."""

    def __getattr__(self, name: str) -> Any:
        if name not in ("evidence", "whole"):  # (read before they are made)
            return super().__getattr__(name)
        self.evidence, self.whole = self.make_spans()
        return getattr(self, name)


@record
class EventBlock:
    """One event told once: its title, the time it is about, each member's report."""

    id: str
    title: str
    time: When | None
    members: tuple[MemberView, ...]
    others: tuple[str, ...]
    """The outlets of the story that do not report it, by name (none listed when the
    story has more than MATRIX_OUTLETS outlets)."""
    outlets: int
    """How many outlets the story has."""
    reach: str
    """How many of them report it, in words ("3 of 5 outlets")."""
    missing_from: str
    """The outlets in `others` in words ("not in A, B"), or ''."""
    other_time: bool
    """One of its members is an article about another time."""
    related: bool
    """A weaker link (the same theme, a loose paraphrase), not the same event."""
    why: Reason | None = None
    """Why its passages are linked (tier, score, the things they share)."""


@record
class Mark:
    """One cell of the table of who reports what."""

    slug: str
    outlet: str
    reported: bool
    label: str
    """The same in words, for screen readers ("reported by A", "not in A")."""


@record
class CoverageRow:
    """One event in the table of who reports what."""

    event: EventLink
    time: When | None
    marks: tuple[Mark, ...]
    """Per outlet, in the order of StoryPage.heads: whether it reports the event (only
    when the page shows a table, see StoryPage.matrix)."""
    outlets: tuple[str, ...]
    """The outlets that report it, by name, in the order of StoryPage.heads."""


@record
class AlonePassage(_SaidOnRead):
    """A passage linked to no other outlet's, even loosely."""

    id: str
    html: str
    href: str
    say_where: Callable[[], str] = field(repr=False, compare=False)
    where: str = field(init=False)
    """The outlet and passage, for screen readers after the link to it."""
    label: str = ""
    """Short text of the link to it (its number: "¶7")."""
    opening: str = ""
    """Its first words, to say what it is about (the passage itself is in its
    article: the comparison page does not hold a second copy)."""


@record
class PassageLink(_SaidOnRead):
    """A link to one passage of an article, as evidence of a claim."""

    label: str
    """Short text of the link (the passage's number: "¶7")."""
    href: str
    say_where: Callable[[], str] = field(repr=False, compare=False)
    where: str = field(init=False)
    """The outlet and passage, for screen readers."""


@record
class NotLinked:
    """An event every other outlet reports that one outlet's article is not linked to,
    though some of its passages may report it (loosely linked, or sharing its specific
    names and words)."""

    event: EventLink
    passages: tuple[PassageLink, ...]


@record
class OutletCoverage:
    """What one outlet reports that others do not, and what it leaves out."""

    head: Head
    events: int
    """How many of the story's events it reports."""
    reports: str
    """The same in words ("reports 3 of 5 events")."""
    missing: tuple[EventLink, ...]
    """Events every other outlet reports and it leaves out: none of its passages is
    linked to them in any tier or shares their specific things (framing.absences)."""
    not_linked: tuple[NotLinked, ...]
    """Events every other outlet reports that it is not linked to, with the passages
    that may report them."""
    alone: tuple[AlonePassage, ...]
    """Its passages linked to no other outlet's."""
    alone_summary: str
    """How many, in words ("2 passages not linked to any other outlet")."""


@record
class WordStrength:
    """A distinctive word, how strongly it sets the outlet apart, and how often each
    outlet uses it."""

    word: str
    percent: int
    """Its strength relative to the story's most distinctive word, 1 to 100."""
    level: str
    """The same as a grade: 'strong', 'clear' or 'slight'."""
    label: str
    """The grade in the site's language."""
    counts: str = ""
    """How often this outlet and the others use it, in words ("5 here; 1 elsewhere")."""
    per_outlet: str = ""
    """How often each outlet uses it, in words ("Fox News 5, HuffPost 1, ...")."""


@record
class PersonView:
    """Someone an outlet quotes or cites, with the passages where it does."""

    name: str
    mentions: int
    passages: tuple[PassageLink, ...]


@record
class LoadedView:
    """One loaded word of an outlet: how often, and the passages it comes from."""

    word: str
    count: int
    passages: tuple[PassageLink, ...]


@record
class FramingRow:
    """One outlet's framing profile."""

    head: Head
    words: tuple[WordStrength, ...]
    people: tuple[PersonView, ...]
    loaded: tuple[LoadedView, ...]
    """The loaded words it writes in its own voice."""
    loaded_quoted: tuple[LoadedView, ...]
    """The loaded words it quotes or attributes to someone."""
    events: int
    events_of: str
    """How many of the story's events it reports, in words ("3 of 5")."""
    percent: int
    """The share of the story's events it reports, 0 to 100."""


@record
class StoryPage:
    """Everything the comparison page of a story shows, in page order."""

    slug: str
    title: str
    intro_html: str
    description: str
    heads: tuple[Head, ...]
    matrix: bool
    """Whether who reports what is a table (few outlets) or a list (many)."""
    coverage: tuple[CoverageRow, ...]
    coverage_caption: str
    outlets: tuple[OutletCoverage, ...]
    framing: tuple[FramingRow, ...]
    framing_caption: str
    events: tuple[EventBlock, ...]
    related: tuple[EventBlock, ...]
    """The related groups shown (Framing.related, see framing.shown_related)."""
    related_summary: str
    """What the related groups are and how many are shown, in words."""
    related_total: int
    """How many related groups the story has (alignments.json lists them all)."""
    related_strongest: str
    """When not all related groups are shown, which are ("The 50 strongest of 80;")."""
    loaded_words: tuple[str, ...]
    loaded_note: str
    """What loaded words are, naming the site's, or '' when it has none."""
    other_time: tuple[Head, ...]
    """The articles about another time than the rest of the story."""


# ---- the article page ----


@record
class Counterpart:
    """The same event in another outlet's article."""

    outlet: str
    href: str
    last: bool = False
    """The last of its list (see _marked_last)."""
    number: str = ""
    """The passage's number as its article's page counts it ("7": "¶7"), where the link
    opens a passage: it names which one, to a listener as well as on screen."""


def _marked_last(counterparts: Iterable[Counterpart]) -> tuple[Counterpart, ...]:
    """`counterparts` (each made for its list) with the last marked so: the article
    page puts a comma after each other one without Jinja2's `loop`, any use of which
    makes each loop around it (the article's hundreds of blocks) go through a Python
    object for each item."""
    listed = tuple(counterparts)
    if listed:
        listed[-1].last = True
    return listed


@record
class AlsoIn:
    """One event an article's passage reports, and where the others report it."""

    event: EventLink
    href: str
    """The event's block on the comparison page."""
    counterparts: tuple[Counterpart, ...]


@record
class BodyBlock:
    """One block of an article body: a heading, a passage, or other content."""

    kind: str
    """'heading', 'passage', 'quote' (a passage in a block quote) or 'other'."""
    html: str
    level: int = 0
    id: str = ""
    marker: str = ""
    also_in: tuple[AlsoIn, ...] = ()


@record
class ArticlePage:
    """One article as written, with the links of its aligned passages."""

    head: Head
    story_slug: str
    story_title: str
    url: str
    blocks: tuple[BodyBlock, ...]
    description: str
    compare: tuple[Counterpart, ...] = ()
    """The pages that show it beside each other article of the story, by outlet."""


# ---- the home page ----


@record
class IndexArticle:
    """An article as the home page lists it."""

    outlet: str
    headline: str
    untitled: bool
    href: str
    lang: str = ""
    """Its language where it differs from the site's, else ''."""
    lean: str = ""
    """Its outlet's lean (site.yml outlets:), or ''."""


@record
class IndexCard:
    """A story as the home page lists it."""

    slug: str
    title: str
    href: str
    dates: tuple[When, ...]
    """Its first and last article's dates (one when they are the same, none if undated)."""
    intro_html: str
    """Its introduction, unless other stories share it word for word (boilerplate)."""
    events: int
    events_text: str
    """How many events it has, in words ("3 shared events")."""
    articles: tuple[IndexArticle, ...]
    search: str
    """The words a reader may find it by that the card does not show, folded to plain
    lower case: its introduction's and events' words, less those of its title, outlets
    and headlines, which site.js folds from the card itself."""
    leans: str = ""
    """The leans of the outlets that cover it, in words ("Leans: left, right"), or ''
    when none of its outlets has one."""


@record
class YearGroup:
    """The stories of one year (the year of their first article), newest first."""

    id: str
    label: str
    cards: tuple[IndexCard, ...]


@record
class IndexPage:
    """The home page: every story, by year."""

    years: tuple[YearGroup, ...]
    stories: int


# ---- building them ----


def when(date: str, words: Strings) -> When | None:
    """A date as written in front matter (2022-03-29, 2022-03, 2022) for readers, in
    the words of the site's language, or None."""
    parts = date.split("-") if date else []
    if not parts or not parts[0].isdigit():
        return None
    try:
        if len(parts) == 1:
            return When(date, words.text("date_year", year=parts[0]))
        number = int(parts[1])
        if not 1 <= number <= len(MONTHS):
            raise ValueError(date)
        month = words.text(MONTHS[number - 1])
        if len(parts) == 2:
            return When(date, words.text("date_month", month=month, year=parts[0]))
        day = int(parts[2])
        return When(date, words.text("date_day", day=day, month=month, year=parts[0]))
    except (ValueError, IndexError):
        return When(date, date)


def is_untitled(title: str) -> bool:
    """Whether an article's title says the source has no headline."""
    return is_unknown(title) or title.strip().lower() in NO_HEADLINE


def first_words(article: Article, count: int = FIRST_WORDS) -> str:
    """The first words of an article's text, to stand for a headline it lacks."""
    return opening_words(" ".join(p.text for p in article.passages[:2]), count)


def opening_words(text: str, count: int) -> str:
    """The first `count` words of `text`, one space apart, and " …" when it goes on."""
    words = text.split(None, count)  # (the rest, if any, one more item: not split)
    return " ".join(words[:count]) + (f" {ELLIPSIS}" if len(words) > count else "")


def profiles_by_name(profiles: Sequence[OutletProfile]) -> dict[str, OutletProfile]:
    """The editor's profiles by outlet slug, so a name written another way (case,
    accents) finds its profile."""
    return {outlet_slug(p.name): p for p in profiles}


def article_heads(
    story: Story,
    alignment: Alignment,
    site_language: str,
    words: Strings,
    leans: Mapping[str, str] | None = None,
) -> dict[str, Head]:
    """Each article's Head, by slug, in the story's reading order: earliest first
    (undated last), then by outlet. `leans`: the editor's lean of each outlet that has
    one, by outlet name (site.yml outlets:)."""
    ordered = sorted(story.articles, key=lambda a: (a.date or "9999", a.outlet, a.slug))
    leans = leans or {}
    return {
        a.slug: replace(
            _head(story.slug, a, alignment, site_language, words),
            lean=leans.get(a.outlet, ""),
            outlet_href=outlet_href(a.outlet),
        )
        for a in ordered
    }


def outlet_href(name: str) -> str:
    """The page of the outlet called `name`, relative to the site's root."""
    return f"outlets/{outlet_slug(name)}/index.html"


def _head(
    story_slug: str, article: Article, alignment: Alignment, site_language: str, words: Strings
) -> Head:
    """An article's head (see Head): outlet, headline, date and the facts shown under it."""
    untitled = is_untitled(article.title)
    date = when(article.date, words)
    other_time = article.slug in alignment.other_time
    facts = [
        Fact("date", date.text, date) if date else None,
        Fact("kind", article.kind) if article.kind else None,
        Fact("author", words.text("by_author", author=article.author))
        if not is_unknown(article.author)
        else None,
        Fact("translated", words.text("translated_from", language=article.translated_from))
        if article.translated_from
        else None,
        Fact("other-time", words.text("about_another_time_than_the_rest")) if other_time else None,
    ]
    return Head(
        slug=article.slug,
        outlet=article.outlet,
        headline=first_words(article) if untitled else article.title,
        untitled=untitled,
        date=date,
        kind=article.kind,
        author=article.author,
        translated_from=article.translated_from,
        other_time=other_time,
        lang=own_language(article.lang, site_language),
        href=f"{story_slug}/{article.slug}/index.html",
        facts=tuple(f for f in facts if f is not None),
    )


def first_or_title(card: ArticleCard) -> str:
    """What stands for an article's headline in lists: its first words when it has no
    headline, else its title."""
    return card.first_words or card.title


def index_article(
    story_slug: str, card: ArticleCard, site_language: str, leans: Mapping[str, str]
) -> IndexArticle:
    """An article of story `story_slug` as the lists of stories and of an outlet's
    articles show it (`leans`: each outlet's lean, by name)."""
    return IndexArticle(
        outlet=card.outlet,
        headline=first_or_title(card),
        untitled=bool(card.first_words),
        href=f"{story_slug}/{card.slug}/index.html",
        lang=own_language(card.lang, site_language),
        lean=leans.get(card.outlet, ""),
    )


def own_language(lang: str, site_language: str) -> str:
    """An article's language for a lang= attribute: '' when unknown or the site's own."""
    if is_unknown(lang):
        return ""
    return "" if lang.lower() == site_language.lower() else lang


def story_page(
    result: StoryResult,
    site_language: str,
    words: Strings,
    heads: Mapping[str, Head] | None = None,
    *,
    report_url: str = "",
    page_url: str = "",
) -> StoryPage:
    """The comparison page of a story (see StoryPage), in the words of `words`.

    `heads` are the story's article_heads in the same language and words, when the
    caller has them already (they are worked out here otherwise). `report_url`: where
    readers report a wrong link (each event gets a link there, see why.report_href);
    `page_url`: the page's full address, if the site has one."""
    story, alignment, framing = result.story, result.alignment, result.framing
    if heads is None:
        heads = article_heads(story, alignment, site_language, words)
    place = {slug: i for i, slug in enumerate(heads)}
    links, reporters = _event_links((*alignment.groups, *framing.related))
    passages = _PassageWords(story.slug, words)
    dated = cache(partial(when, words=words))  # each event's time, said once a page
    blocks = _EventBlocks(
        story,
        framing,
        heads,
        words,
        place,
        links,
        reporters,
        report=(report_url, page_url),
        passages=passages,
        dated=dated,
    )
    events = tuple(blocks.block(g, related=False) for g in alignment.groups)
    related = tuple(blocks.block(g, related=True) for g in framing.related)
    matrix = len(heads) <= MATRIX_OUTLETS
    coverage = _coverage_rows(alignment.groups, heads, words, links, reporters, dated, matrix)
    count, loaded = len(alignment.groups), framing.loaded_words
    return StoryPage(
        slug=story.slug,
        title=story.title,
        intro_html=story.intro_html,
        description=words.plain("story_description", count, outlets=len(heads), title=story.title),
        heads=tuple(heads.values()),
        matrix=matrix,
        coverage=coverage,
        coverage_caption=words.count("coverage_caption", len(coverage)),
        outlets=tuple(_outlet_coverage(story, alignment, framing, heads, links, words, passages)),
        framing=tuple(_framing_rows(story.slug, framing, heads, count, words, passages)),
        framing_caption=words.count("framing_caption", count),
        events=events,
        related=related,
        related_summary=words.count("related_summary", len(related)),
        related_total=len(alignment.related),
        related_strongest=_related_strongest(words, len(related), len(alignment.related)),
        loaded_words=loaded,
        loaded_note=words.text("framing_loaded", words=", ".join(loaded)) if loaded else "",
        other_time=tuple(h for h in heads.values() if h.other_time),
    )


def _event_links(
    shown: Sequence[Group],
) -> tuple[dict[str, EventLink], dict[str, set[str]]]:
    """The link to each group `shown` on a page and the slugs of the articles it
    holds, by the group's id."""
    links = {g.id: EventLink(g.id, _title(g)) for g in shown}
    reporters = {g.id: {m.article for m in g.members} for g in shown}
    return links, reporters


def _related_strongest(words: Strings, shown: int, total: int) -> str:
    """The note that only the strongest `shown` of `total` related groups are shown
    ('' where all are)."""
    if total > shown:
        return words.text("related_strongest", shown=shown, total=total)
    return ""


def _coverage_rows(
    groups: Sequence[Group],
    heads: Mapping[str, Head],
    words: Strings,
    links: Mapping[str, EventLink],
    reporters: Mapping[str, set[str]],
    dated: Callable[[str], When | None],
    matrix: bool,
) -> tuple[CoverageRow, ...]:
    """The rows of the table of who reports what: each event of `groups`, its time,
    the outlets that report it (in the order of `heads`) and, where the page shows a
    `matrix`, one cell an outlet."""
    order = list(heads)
    place = {slug: i for i, slug in enumerate(order)}
    marks = _marks(heads, words) if matrix else {}
    return tuple(
        CoverageRow(
            event=links[g.id],
            time=dated(g.time),
            marks=tuple([marks[(s, s in reporters[g.id])] for s in order]) if matrix else (),
            outlets=tuple(heads[s].outlet for s in sorted(reporters[g.id], key=place.get)),
        )
        for g in groups
    )


def _marks(heads: Mapping[str, Head], words: Strings) -> dict[tuple[str, bool], Mark]:
    """The two cells an outlet may have in the table of who reports what (reported, or
    not), by its slug and whether it reports the event: made once a page, not once a
    cell (a cell is a value: every row of an outlet that reports its event shows the
    same)."""
    return {
        (slug, reported): _mark(head, reported, words)
        for slug, head in heads.items()
        for reported in (True, False)
    }


def _mark(head: Head, reported: bool, words: Strings) -> Mark:
    label = words.text("reported" if reported else "not_linked")  # the column: the outlet
    return Mark(head.slug, head.outlet, reported, label)


def _title(group: Group) -> str:
    return group.label or group.id


class _EventBlocks:
    """Event blocks in page order, each passage's whole text shown at most once on the
    page (a passage of one sentence may stand in each event it reports).

    `place` is each article's position in `heads`; `links` and `reporters` give, by
    group id, its link and the articles reporting it (story_page builds them once)."""

    def __init__(
        self,
        story: Story,
        framing: Framing,
        heads: Mapping[str, Head],
        words: Strings,
        place: Mapping[str, int],
        links: Mapping[str, EventLink],
        reporters: Mapping[str, set[str]],
        *,
        report: tuple[str, str] = ("", ""),
        passages: _PassageWords | None = None,
        dated: Callable[[str], When | None] | None = None,
    ) -> None:
        self.story, self.framing, self.heads, self.words = story, framing, heads, words
        self.passages = passages or _PassageWords(story.slug, words)
        self.place, self.links, self.reporters = place, links, reporters
        self.articles = {a.slug: a for a in story.articles}
        self.whole_at: dict[tuple[str, str], EventLink] = {}
        self.report = report  # the site's report_url and the page's full address
        self.outlets = {slug: head.outlet for slug, head in heads.items()}
        self.dated = dated or partial(when, words=words)
        """An event's time in words (`when`), each said once where story_page gives it."""
        self.reach = cache(partial(words.count, "event_outlets", len(heads)))
        """How many of the outlets report an event, in words, by how many do."""

    def block(self, group: Group, *, related: bool) -> EventBlock:
        link = self.links[group.id]
        members = sorted(group.members, key=lambda m: self.place[m.article])
        views = tuple(self._member(group, link, m.article, m.passage) for m in members)
        reporting = self.reporters[group.id]
        others = (
            tuple(h.outlet for s, h in self.heads.items() if s not in reporting)
            if len(self.heads) <= MATRIX_OUTLETS
            else ()
        )
        return EventBlock(
            id=group.id,
            title=link.title,
            time=self.dated(group.time),
            members=views,
            others=others,
            outlets=len(self.heads),
            reach=self.reach(reporting=len(views)),
            missing_from=self.words.text("not_in", outlets=", ".join(others)) if others else "",
            other_time=any(v.head.other_time for v in views),
            related=related,
            why=reason(
                group,
                words=self.words,
                report_href=report_href(
                    self.report[0],
                    self.story,
                    group,
                    self.outlets,
                    self.report[1],
                ),
            ),
        )

    def _member(self, group: Group, link: EventLink, article: str, passage_id: str) -> MemberView:
        """One member of `group` in its event block; the passage shown whole at its first
        event only (later ones link there)."""
        passage = self.articles[article].passage(passage_id)
        key = (article, passage_id)
        shown = self.whole_at.get(key)
        if shown is None:
            self.whole_at[key] = link
        whole_in = shown if shown is not None and shown.id != group.id else None
        head = self.heads[article]
        return MemberView(
            head=head,
            passage=passage_id,
            marker=passage.marker,
            make_spans=partial(
                _evidence_and_whole,
                self.framing.spans,
                (group.id, article, passage_id),
                first=shown is None,
            ),
            whole_in=whole_in,
            whole_in_label=self.words.text("whole_passage_at", event=whole_in.title)
            if whole_in
            else "",
            href=f"{self.story.slug}/{article}/index.html#{passage_id}",
            say_where=partial(self.passages.where, head, passage_id),
        )


def _evidence_and_whole(
    spans_of: Mapping[tuple[str, str, str], tuple[Span, ...]],
    key: tuple[str, str, str],
    *,
    first: bool,
) -> tuple[tuple[Span, ...], tuple[Span, ...]]:
    """A member's evidence and whole passage (see MemberView) from its spans (`key` in
    Framing.spans); `first`: the first place the page shows its passage."""
    spans = spans_of[key]
    runs, trailing = _event_sentences(spans)
    complete = bool(runs) and not trailing and not any(gap for gap, _ in runs)
    whole: tuple[Span, ...] = ()
    if not runs:
        runs, complete = [(False, list(spans))], True
    if first:
        if not complete:
            whole = spans
    elif complete and len(runs) > 1:  # shown in full elsewhere: one sentence here
        best = max(range(len(runs)), key=lambda i: (_shared_characters(runs[i][1]), -i))
        trailing = best < len(runs) - 1
        runs = [(best > 0, runs[best][1])]
    return _with_gaps(runs, trailing), whole


def _event_sentences(spans: Sequence[Span]) -> tuple[list[tuple[bool, list[Span]]], bool]:
    """A passage's event sentences as runs of spans, each with whether text is left out
    before it, and whether text is left out after the last. (Framing marks every span
    of an event sentence `event` and puts a plain space between two sentences.)"""
    runs: list[tuple[bool, list[Span]]] = []
    gap = inside = False
    for span in spans:
        if span.event:
            if not inside:
                runs.append((gap, []))
                gap, inside = False, True
            runs[-1][1].append(span)
        else:
            inside = False
            gap = gap or bool(span.text.strip())
    return runs, gap


def _shared_characters(sentence: Sequence[Span]) -> int:
    return sum(len(s.text) for s in sentence if s.shared)


def _with_gaps(runs: Sequence[tuple[bool, Sequence[Span]]], trailing: bool) -> tuple[Span, ...]:
    """The event sentences in passage order, with '…' where text is left out."""
    result: list[Span] = []
    for gap, sentence in runs:
        if result:
            result.append(Span(f" {ELLIPSIS} " if gap else " "))
        elif gap:
            result.append(Span(f"{ELLIPSIS} "))
        result.extend(sentence)
    if trailing and result:
        result.append(Span(f" {ELLIPSIS}"))
    return tuple(result)


ALONE_WORDS = 8
"""How many of its first words the comparison page shows of a passage only one outlet
has, beside the link to it."""


def _outlet_coverage(
    story: Story,
    alignment: Alignment,
    framing: Framing,
    heads: Mapping[str, Head],
    links: Mapping[str, EventLink],
    words: Strings,
    passages: _PassageWords | None = None,
) -> Iterable[OutletCoverage]:
    """Each outlet's coverage on the comparison page, in the order of `heads`: how many
    events it reports, those it leaves out or is not linked to, its passages no other
    outlet has."""
    passages = passages or _PassageWords(story.slug, words)
    linked = {
        (m.article, m.passage) for g in (*alignment.groups, *alignment.related) for m in g.members
    }
    profiles = {o.article: o for o in framing.outlets}  # one passage per group at most
    for slug, head in heads.items():
        article = story.article(slug)
        profile = profiles[slug]
        alone = tuple(
            AlonePassage(
                p.id,
                p.html,
                f"{story.slug}/{slug}/index.html#{p.id}",
                partial(passages.where, head, p.id),
                label=f"¶{passage_number(p.id)}",
                opening=opening_words(p.text, ALONE_WORDS),
            )
            for p in article.passages
            if (slug, p.id) not in linked
        )
        absences = [a for a in profile.absences if a.group in links]
        yield OutletCoverage(
            head=head,
            events=profile.covered,
            reports=words.count("outlet_reports", len(alignment.groups), events=profile.covered),
            missing=tuple(links[a.group] for a in absences if a.kind == "leaves-out"),
            not_linked=tuple(
                NotLinked(
                    links[a.group],
                    tuple(passages.link(head, p) for p in a.passages),
                )
                for a in absences
                if a.kind == "not-linked"
            ),
            alone=alone,
            alone_summary=words.count("alone_passages", len(alone)),
        )


def passage_number(passage: str) -> str:
    """A passage's number as its article's page counts it ("7" of "p-7")."""
    return passage.rsplit("-", 1)[-1]


def passage_link(story_slug: str, head: Head, passage: str, words: Strings) -> PassageLink:
    """A link to one passage of an article, labelled by its number ("¶7")."""
    return PassageLink(
        label=f"¶{passage_number(passage)}",
        href=f"{story_slug}/{head.slug}/index.html#{passage}",
        say_where=partial(
            words.text, "passage_of", outlet=head.outlet, passage=passage_number(passage)
        ),
    )


class _PassageWords:
    """What a story page says of its passages, each said once on the page however many
    rows and events link to it: the outlet and passage in words (`where`, for screen
    readers) and the link to it (a frozen value: one for every place it stands)."""

    def __init__(self, story_slug: str, words: Strings) -> None:
        self.story_slug, self.words = story_slug, words
        self._where: dict[tuple[str, str], str] = {}
        self._links: dict[tuple[str, str, str], PassageLink] = {}

    def where(self, head: Head, passage: str) -> str:
        """The outlet and passage in words ("Fox News, passage 7": its number, as "¶7"
        counts it, never its id)."""
        key = (head.outlet, passage)
        said = self._where.get(key)
        if said is None:
            said = self._where[key] = self.words.text(
                "passage_of", outlet=head.outlet, passage=passage_number(passage)
            )
        return said

    def link(self, head: Head, passage: str) -> PassageLink:
        """passage_link of `passage` of the article of `head`."""
        key = (head.slug, head.outlet, passage)
        link = self._links.get(key)
        if link is None:
            link = self._links[key] = PassageLink(
                label=f"¶{passage.rsplit('-', 1)[-1]}",
                href=f"{self.story_slug}/{head.slug}/index.html#{passage}",
                say_where=partial(self.where, head, passage),
            )
        return link


def _framing_rows(
    story_slug: str,
    framing: Framing,
    heads: Mapping[str, Head],
    events: int,
    words: Strings,
    passages: _PassageWords | None = None,
) -> Iterable[FramingRow]:
    """Each outlet's row of the framing table, in the order of `heads`: its distinctive
    words, the people it quotes, its loaded words (own voice and quoted apart), the
    share of the story's `events` it reports."""
    profiles = {o.article: o for o in framing.outlets}
    said = passages or _PassageWords(story_slug, words)
    for slug, head in heads.items():
        profile = profiles[slug]

        def links(passages: Sequence[str], head: Head = head) -> tuple[PassageLink, ...]:
            return tuple(said.link(head, p) for p in passages)

        yield FramingRow(
            head=head,
            words=tuple(_distinctive(d, heads, words) for d in profile.distinctive),
            people=tuple(PersonView(p.name, p.mentions, links(p.passages)) for p in profile.quoted),
            loaded=tuple(
                LoadedView(u.word, u.count, links(u.passages))
                for u in profile.loaded
                if u.voice == "own"
            ),
            loaded_quoted=tuple(
                LoadedView(u.word, u.count, links(u.passages))
                for u in profile.loaded
                if u.voice != "own"
            ),
            events=profile.covered,
            events_of=words.text("events_of", count=profile.covered, total=events),
            percent=round(100 * profile.covered / events) if events else 0,
        )


def _distinctive(word: DistinctiveWord, heads: Mapping[str, Head], words: Strings) -> WordStrength:
    others = sum(n for _, n in word.others)
    return strength(
        word.word,
        word.strength,
        words,
        counts=words.text("distinctive_counts", count=word.count, others=others),
        per_outlet=", ".join(
            f"{heads[slug].outlet} {n}" for slug, n in word.others if slug in heads
        ),
    )


def strength(
    word: str, value: float, words: Strings, *, counts: str = "", per_outlet: str = ""
) -> WordStrength:
    """A distinctive word's strength (0 to 1 of the story's strongest) for readers, with
    its `counts` and `per_outlet` in words (see WordStrength) where the caller has them
    (made at once: dataclasses.replace of a made one costs more than the rest)."""
    percent = max(1, min(100, round(100 * value)))
    level = "strong" if value >= 0.67 else "clear" if value >= 0.34 else "slight"
    return WordStrength(word, percent, level, words.text(level), counts, per_outlet)


def article_pages(
    result: StoryResult,
    site_language: str,
    words: Strings,
    heads: Mapping[str, Head] | None = None,
    *,
    pair_pages: bool = False,
) -> tuple[ArticlePage, ...]:
    """The page of every article of a story, in the story's reading order.

    `heads` as for story_page; `pair_pages`: the site writes pages of two articles side
    by side (each article page links to its own)."""
    story, alignment = result.story, result.alignment
    if heads is None:
        heads = article_heads(story, alignment, site_language, words)
    also_in: dict[tuple[str, str], list[AlsoIn]] = defaultdict(list)
    for group in alignment.groups:
        link = EventLink(group.id, _title(group))
        by_outlet = sorted(group.members, key=lambda m: heads[m.article].outlet)  # (once)
        for member in group.members:
            also_in[(member.article, member.passage)].append(
                AlsoIn(
                    event=link,
                    href=f"{story.slug}/index.html#{group.id}",
                    counterparts=_marked_last(
                        Counterpart(
                            heads[m.article].outlet,
                            f"{heads[m.article].href}#{m.passage}",
                            number=passage_number(m.passage),
                        )
                        for m in by_outlet
                        if m.article != member.article
                    ),
                )
            )
    pairs = set(pairs_side_by_side(story, alignment)) if pair_pages else set()
    return tuple(
        replace(
            _article_page(story, story.article(slug), head, also_in, words),
            compare=_marked_last(
                Counterpart(other.outlet, compare_href(story.slug, slug, other.slug))
                for other in heads.values()
                if tuple(sorted((slug, other.slug))) in pairs
            ),
        )
        for slug, head in heads.items()
    )


def pairs_side_by_side(story: Story, alignment: Alignment) -> list[tuple[str, str]]:
    """The pairs of articles (slugs in alphabetical order, pairs sorted) that have a page
    side by side: every pair, in a story of up to EVERY_PAIR_UP_TO articles; else each
    article's MOST_PARTNERS partners of most shared events (ties by slug), those that
    share at least one."""
    slugs = sorted(a.slug for a in story.articles)
    every = [(a, b) for i, a in enumerate(slugs) for b in slugs[i + 1 :]]
    if len(slugs) <= EVERY_PAIR_UP_TO:
        return every
    shared: dict[tuple[str, str], int] = defaultdict(int)
    for group in alignment.groups:
        members = sorted({m.article for m in group.members})
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                shared[(a, b)] += 1
    chosen: set[tuple[str, str]] = set()
    for slug in slugs:
        mine = [(count, pair) for pair, count in shared.items() if slug in pair]
        mine.sort(key=lambda cp: (-cp[0], cp[1]))
        chosen.update(pair for _, pair in mine[:MOST_PARTNERS])
    return sorted(chosen)


def compare_href(story_slug: str, one: str, other: str) -> str:
    """The page that shows articles `one` and `other` of a story side by side (the two
    slugs in alphabetical order), relative to the site's root."""
    first, second = sorted((one, other))
    return f"{story_slug}/compare/{first}--{second}/index.html"


def _article_page(
    story: Story,
    article: Article,
    head: Head,
    also_in: Mapping[tuple[str, str], list[AlsoIn]],
    words: Strings,
) -> ArticlePage:
    """An article's page: its blocks as written, each aligned passage with where else
    its event is told (`also_in`, by article and passage)."""
    blocks = []
    for block in article.blocks:
        if isinstance(block, Heading):
            blocks.append(BodyBlock("heading", block.html, level=max(block.level, 2)))
        elif isinstance(block, Passage):
            blocks.append(
                BodyBlock(
                    "quote" if block.kind == "blockquote" else "passage",
                    block.html,
                    id=block.id,
                    marker=block.marker,
                    also_in=tuple(also_in.get((article.slug, block.id), ())),
                )
            )
        else:
            blocks.append(BodyBlock("other", block.html))
    return ArticlePage(
        head=head,
        story_slug=story.slug,
        story_title=story.title,
        url=known(article.url),
        blocks=tuple(blocks),
        description=words.plain(
            "article_description", outlet=article.outlet, headline=head.headline, story=story.title
        ),
    )


def story_card(result: StoryResult) -> StoryCard:
    """What the site-wide pages keep of a story (see StoryCard): small, so the cards of
    unchanged stories are cheap to keep and load again."""
    story = result.story
    dates = sorted(a.date for a in story.articles if a.date)
    articles = sorted(story.articles, key=lambda a: (a.date or "9999", a.outlet))
    titles = " ".join(_title(g) for g in result.alignment.groups)
    return StoryCard(
        slug=story.slug,
        title=story.title,
        intro_html=story.intro_html,
        articles=tuple(
            ArticleCard(
                a.slug,
                a.outlet,
                a.title,
                a.date,
                first_words=first_words(a) if is_untitled(a.title) else "",
                lang=a.lang,
            )
            for a in articles
        ),
        passages=sum(len(a.passages) for a in story.articles),
        groups=len(result.alignment.groups),
        dates=(dates[0], dates[-1]) if dates else None,
        words=" ".join(
            list(dict.fromkeys(search_fold(f"{_plain(story.intro_html)} {titles}").split()))[
                :SEARCH_WORDS
            ]
        ),
        events=event_cards(result),
    )


def event_cards(result: StoryResult) -> tuple[EventCard, ...]:
    """Each event of a story with the outlets that report it and the other outlets with
    a passage linked to it in any tier (see EventCard)."""
    outlet = {a.slug: a.outlet for a in result.story.articles}
    near: dict[tuple[str, str], set[str]] = defaultdict(set)
    for group in result.alignment.related:
        for member in group.members:
            near[(member.article, member.passage)].update(outlet[m.article] for m in group.members)
    cards = []
    for group in result.alignment.groups:
        outlets = sorted({outlet[m.article] for m in group.members})
        linked = set().union(*(near[(m.article, m.passage)] for m in group.members))
        cards.append(
            EventCard(group.id, _title(group), tuple(outlets), tuple(sorted(linked - set(outlets))))
        )
    return tuple(cards)


def index_page(
    cards: Sequence[StoryCard],
    site_language: str,
    words: Strings,
    leans: Mapping[str, str] | None = None,
) -> IndexPage:
    """The home page: stories grouped by the year of their first article, newest year
    first and newest story first within it (undated stories last). `leans`: the
    editor's lean of each outlet that has one, by name."""
    leans = leans or {}
    intros = defaultdict(int)
    for card in cards:
        intros[_plain(card.intro_html)] += 1
    years: dict[str, list[IndexCard]] = defaultdict(list)
    for card in sorted(cards, key=lambda c: (c.dates[0] if c.dates else "", c.slug), reverse=True):
        year = card.dates[0][:4] if card.dates else ""
        years[year].append(_index_card(card, intros, site_language, words, leans))
    return IndexPage(
        years=tuple(
            YearGroup(
                f"y-{year}" if year else "undated", year or words.text("undated"), tuple(group)
            )
            for year, group in sorted(years.items(), key=lambda yc: yc[0] or "0000", reverse=True)
        ),
        stories=len(cards),
    )


def _index_card(
    card: StoryCard,
    intros: Mapping[str, int],
    site_language: str,
    words: Strings,
    leans: Mapping[str, str],
) -> IndexCard:
    """A story's card on the home page; its introduction left out where other stories
    share it word for word (`intros`: how many stories have each)."""
    articles = tuple(index_article(card.slug, a, site_language, leans) for a in card.articles)
    covering = sorted({a.lean for a in articles if a.lean}, key=str.lower)
    dates = tuple(dict.fromkeys(when(d, words) for d in card.dates or ()))
    names = " ".join(f"{a.outlet} {a.headline}" for a in articles)
    return IndexCard(
        slug=card.slug,
        title=card.title,
        href=f"{card.slug}/index.html",
        dates=tuple(d for d in dates if d is not None),
        intro_html=card.intro_html if intros[_plain(card.intro_html)] == 1 else "",
        events=card.groups,
        events_text=words.count("shared_events", card.groups),
        articles=articles,
        search=unseen_words(card.words, search_fold(f"{card.title} {names}")),
        leans=words.text("leans_covering", leans=", ".join(covering)) if covering else "",
    )


def unseen_words(words: str, shown: str) -> str:
    """`words` (folded, a space apart) without those `shown` holds: a card's words to
    search beside what site.js reads from the card (each word is matched on its own,
    anywhere in the card's text, so one copy is enough)."""
    seen = set(shown.split())
    return " ".join(word for word in dict.fromkeys(words.split()) if word not in seen)


def plain_text(html: str) -> str:
    """HTML as its text, white space collapsed (for a feed's summary)."""
    return _plain(html)


def _plain(html: str) -> str:
    """HTML as its text, white space collapsed."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())
