"""The last part of the align step: each event's title and time, worked out for the
whole story at once.

A title must differ from every other event's of the story, which one group alone cannot
know, and an event's time must be one its members agree on, which needs each member's
references apart. So once the aligner has its groups (whatever they are), this step
gives each its title (label.titled_event: the main clause of the sentence that best
represents the members) and its time (time.agreed_time). Titles the editor gave in
alignments.yml stay as they are.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace

from site_builder.align.label import (
    Sentences,
    Title,
    event_label,
    narrated_title,
    title_key,
    titled_event,
)
from site_builder.align.language import Language
from site_builder.align.references import may_refer, referenced_periods
from site_builder.align.similarity import Unit
from site_builder.align.time import Period, agreed_time, article_period, without_naming_years
from site_builder.align.voice import LoadedWords
from site_builder.core.errors import warn
from site_builder.core.language_pack import pack_for
from site_builder.core.model import Alignment, Group, Member, Story, Token
from site_builder.core.text import word_pattern


def settle_events(
    story: Story,
    alignment: Alignment,
    language: Language,
    loaded_words: Sequence[str] = (),
    units: Sequence[Unit] = (),
) -> Alignment:
    """The alignment with every group's and related group's title and time worked out
    again (see the module's docstring): titles unique within the story, in story
    order, groups first; a loaded word in a title only where every member uses it.
    `units`, the aligner's sentences (where given), tell each sentence's terms and
    words without its tokens read again."""
    known = _Known(story, alignment, LoadedWords(loaded_words, language), units)
    pattern = word_pattern(loaded_words)  # for the rare fallback (_phrase_label)
    editor = {(ref.article, ref.passage): text for ref, text in story.overrides.labels}
    taken: set[str] = set()  # the titles given so far, as label.title_key has them
    groups = (*alignment.groups, *alignment.related)
    titles: list[str] = []
    weak: dict[int, tuple[Title, Callable[[str], bool]]] = {}  # what both passes read
    for n, group in enumerate(groups):
        title = _editor_title(story.slug, editor, group)
        if not title:
            allowed = _allowed(known, group)
            made = _title(known, group, language, taken, pattern, allowed)
            title = made.text
            if made.weak:
                weak[n] = (made, allowed)
        taken.add(title_key(title))
        titles.append(title)
    for n, (made, allowed) in weak.items():  # a narrated title where one is fit, no
        titles[n] = _narrated(known, made, language, taken, allowed)  # other event's moved
    settled = [
        replace(group, label=title, time=_time(known, group))
        for group, title in zip(groups, titles)
    ]
    count = len(alignment.groups)
    return replace(alignment, groups=tuple(settled[:count]), related=tuple(settled[count:]))


def _editor_title(story: str, editor: Mapping[tuple[str, str], str], group: Group) -> str:
    """The label the editor gave a passage of `group` in alignments.yml ('' where none):
    the first member's. Where members have different labels the others are said to be
    unused, rather than lost in silence."""
    given = [
        (f"{m.article}/{m.passage}", editor[(m.article, m.passage)])
        for m in group.members
        if (m.article, m.passage) in editor
    ]
    if not given:
        return ""
    (kept_at, kept), *others = given
    for at, label in others:
        if label != kept:
            warn(
                "%s/alignments.yml: %s and %s are in one event and each has a label: "
                "%r is used, %r is not (label one passage of each event)",
                story,
                kept_at,
                at,
                kept,
                label,
            )
    return kept


class _Known:
    """What the titles and times of one story's events read, worked out once per story:
    in a large story a passage is a member of many events."""

    def __init__(
        self, story: Story, alignment: Alignment, loaded: LoadedWords, units: Sequence[Unit]
    ) -> None:
        self.story, self.alignment, self.loaded = story, alignment, loaded
        self.units = {(u.article, u.passage, u.sentence): u for u in units}
        self.articles = {a.slug: a for a in story.articles}
        self.dates = {a.slug: article_period(a.date) for a in story.articles}
        self.languages = {a.slug: story.language_of(a.slug) for a in story.articles}
        self.sentences = Sentences(language=loaded.language.code)  # label.py's, per sentence
        self.references: dict[tuple[str, str, int], list[Period]] = {}
        self.maybe: dict[tuple[str, str, int], bool] = {}
        self.used: dict[tuple[str, str], set[str]] = {}

    def text(self, member: Member) -> str:
        """The text of the member's passage."""
        return self.articles[member.article].passage(member.passage).text

    def loaded_words(self, member: Member) -> set[str]:
        """The loaded words the member's passage uses."""
        key = (member.article, member.passage)
        if key not in self.used:
            self.used[key] = {h.word for h in self.loaded.find(self.text(member))}
        return self.used[key]

    def sentence(self, member: Member, index: int) -> str:
        """Sentence `index` of the member's passage as written (the text its tokens
        join to: normalise.TOKEN leaves no character out), not joined again."""
        return self.articles[member.article].passage(member.passage).sentences[index]

    def language(self, member: Member) -> str:
        """The language the member's article is written in."""
        return self.languages.get(member.article) or self.story.language_of(member.article)

    def may_refer(self, member: Member, index: int) -> bool:
        """Whether sentence `index` of the member's passage may refer to a time
        (references.may_refer: a quick look, most sentences have none)."""
        key = (member.article, member.passage, index)
        if key not in self.maybe:
            self.maybe[key] = may_refer(self.sentence(member, index), self.language(member))
        return self.maybe[key]

    def periods(self, member: Member, index: int) -> list[Period]:
        """The times sentence `index` of the member's passage refers to."""
        key = (member.article, member.passage, index)
        if key not in self.references:
            language = self.language(member)
            text = self.sentence(member, index)
            if pack_for(language).code == "en":  # "the 2016 election" names no time
                text = without_naming_years(text)
            self.references[key] = referenced_periods(
                text, self.dates.get(member.article), language
            )
        return self.references[key]


def _evidence(alignment: Alignment, member: Member) -> list[tuple[Token, ...]]:
    sentences = alignment.sentences[(member.article, member.passage)]
    return [sentences[i] for i in member.sentences if i < len(sentences)]


def _learnt_evidence(known: _Known, member: Member) -> list[tuple[Token, ...]]:
    """_evidence, each sentence's terms and number of words taken from its unit (where
    the aligner gave its units) for ranking it (label.Sentences.learn)."""
    evidence = _evidence(known.alignment, member)
    if known.units:
        for index, tokens in zip(member.sentences, evidence):
            unit = known.units.get((member.article, member.passage, index))
            if unit is not None:
                known.sentences.learn(tokens, unit.terms, len(unit.words))
    return evidence


def _title(
    known: _Known,
    group: Group,
    language: Language,
    taken: set[str],
    pattern: re.Pattern | None,
    allowed: Callable[[str], bool],
) -> Title:
    """The event's title (label.titled_event of the group's members' evidence, titles
    with a loaded word not every member uses (`allowed`), or another event's (`taken`),
    refused), and whether it is weak."""
    title = titled_event(
        [_learnt_evidence(known, m) for m in group.members],
        known.alignment.weights,
        language.stop_words,
        allowed=allowed,
        taken=taken,
        sentences=known.sentences,
    )
    if title.text:
        return title
    text = _phrase_label(known.story, known.alignment, group, pattern, language.code)
    return Title(text, False, [], 0, frozenset())


def _narrated(
    known: _Known,
    title: Title,
    language: Language,
    taken: set[str],
    allowed: Callable[[str], bool],
) -> str:
    """For an event whose title is weak (a subject cut before its verb, a quotation):
    the members' best narrated title (label.narrated_title) that no other event has,
    else the title it has. `taken` (every event's title) is kept up to date."""
    taken.discard(title_key(title.text))
    narrated = narrated_title(
        title,
        known.alignment.weights,
        language.stop_words,
        allowed=allowed,
        taken=taken,
        sentences=known.sentences,
    )
    taken.add(title_key(narrated or title.text))
    return narrated or title.text


def _allowed(known: _Known, group: Group) -> Callable[[str], bool]:
    """Whether a title has no loaded word some member of the group does not use."""
    loaded = known.loaded
    everyone = (
        set.intersection(*(known.loaded_words(m) for m in group.members))
        if group.members
        else set()
    )
    return lambda title: all(hit.word in everyone for hit in loaded.find(title))


def _phrase_label(
    story: Story,
    alignment: Alignment,
    group: Group,
    loaded: re.Pattern | None,
    language: str,
) -> str:
    """For an event whose sentences offer no title of MIN_WORDS words or more (every one
    shorter): the best phrase of the sentence sharing the most with the other members
    (label.event_label), a loaded word kept out unless every member uses it."""
    evidence = [_evidence(alignment, m) for m in group.members]
    sentences = Sentences(language=language)
    counts: Counter = Counter()
    for member in evidence:
        counts.update(set().union(*map(sentences.terms, member)))
    texts = (
        [story.article(m.article).passage(m.passage).text for m in group.members]
        if loaded is not None
        else []
    )
    return event_label(
        [tokens for member in evidence for tokens in member],
        {t for t, n in counts.items() if n >= 2},
        alignment.weights,
        loaded=loaded,
        members_text=texts,
        sentences=sentences,
    )


def _time(known: _Known, group: Group) -> str:
    """The time the members agree on (time.agreed_time), from the sentences that report
    the event, each read against its article's date. A time needs two members that name
    one, so the sentences are searched only where two members' sentences may refer to
    a time (the quick look): most events have none, or one such member."""
    naming = [_may_name(known, member) for member in group.members]
    if sum(1 for indices in naming if indices) < 2:
        return ""
    members = []
    for member, indices in zip(group.members, naming):
        periods: list[Period] = []
        for index in indices:
            periods.extend(known.periods(member, index))
        members.append(periods)
    return agreed_time(members)


def _may_name(known: _Known, member: Member) -> list[int]:
    """The member's sentences (their indices) that may refer to a time."""
    count = len(known.alignment.sentences[(member.article, member.passage)])
    return [i for i in member.sentences if i < count and known.may_refer(member, i)]
