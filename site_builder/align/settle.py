"""The last part of the align step: each event's title and time, worked out for the
whole story at once.

A title must differ from every other event's of the story, which one group alone cannot
know, and an event's time must be one its members agree on, which needs each member's
references apart. So once the aligner has its groups (whatever they are), this step
gives each its title (label.event_title: the main clause of the sentence that best
represents the members) and its time (time.agreed_time). Titles the editor gave in
alignments.yml stay as they are.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from site_builder.align.label import Sentences, event_label, event_title
from site_builder.align.language import Language
from site_builder.align.references import referenced_periods
from site_builder.align.time import Period, agreed_time, article_period
from site_builder.model import Alignment, Group, Member, Story, Token
from site_builder.text import word_pattern
from site_builder.voice import LoadedWords


def settle_events(
    story: Story, alignment: Alignment, language: Language, loaded_words: Sequence[str] = ()
) -> Alignment:
    """The alignment with every group's and related group's title and time worked out
    again (see the module's docstring): titles unique within the story, in story
    order, groups first; a loaded word in a title only where every member uses it."""
    loaded = LoadedWords(loaded_words, language)
    pattern = word_pattern(loaded_words)  # for the rare fallback (_phrase_label)
    editor = {(ref.article, ref.passage): text for ref, text in story.overrides.labels}
    dates = {a.slug: article_period(a.date) for a in story.articles}
    taken: set[str] = set()
    settled = []
    for group in (*alignment.groups, *alignment.related):
        title = next(
            (
                editor[(m.article, m.passage)]
                for m in group.members
                if (m.article, m.passage) in editor
            ),
            "",
        ) or _title(story, alignment, group, language, loaded, taken, pattern)
        taken.add(title)
        settled.append(replace(group, label=title, time=_time(story, alignment, group, dates)))
    count = len(alignment.groups)
    return replace(alignment, groups=tuple(settled[:count]), related=tuple(settled[count:]))


def _evidence(alignment: Alignment, member: Member) -> list[tuple[Token, ...]]:
    sentences = alignment.sentences[(member.article, member.passage)]
    return [sentences[i] for i in member.sentences if i < len(sentences)]


def _title(
    story: Story,
    alignment: Alignment,
    group: Group,
    language: Language,
    loaded: LoadedWords,
    taken: set[str],
    pattern: re.Pattern | None,
) -> str:
    texts = [story.article(m.article).passage(m.passage).text for m in group.members]
    everyone = (
        set.intersection(*({h.word for h in loaded.find(t)} for t in texts)) if texts else set()
    )

    def allowed(title: str) -> bool:  # no loaded word some member does not use
        return all(hit.word in everyone for hit in loaded.find(title))

    title = event_title(
        [_evidence(alignment, m) for m in group.members],
        alignment.weights,
        language.stop_words,
        allowed=allowed,
        taken=taken,
    )
    return title or _phrase_label(story, alignment, group, pattern)


def _phrase_label(
    story: Story, alignment: Alignment, group: Group, loaded: re.Pattern | None
) -> str:
    """For an event whose sentences offer no title of MIN_WORDS words or more (every one
    shorter): the best phrase of the sentence sharing the most with the other members
    (label.event_label), a loaded word kept out unless every member uses it."""
    evidence = [_evidence(alignment, m) for m in group.members]
    sentences = Sentences()
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


def _time(story: Story, alignment: Alignment, group: Group, dates: dict[str, Period | None]) -> str:
    """The time the members agree on (time.agreed_time), from the sentences that report
    the event, each read against its article's date."""
    members = []
    for member in group.members:
        periods: list[Period] = []
        for tokens in _evidence(alignment, member):
            text = "".join(token.text for token in tokens)
            periods.extend(
                referenced_periods(
                    text, dates.get(member.article), story.language_of(member.article)
                )
            )
        members.append(periods)
    return agreed_time(members)
