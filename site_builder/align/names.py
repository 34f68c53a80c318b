"""A name written out in full is one name, not a phrase (issue 23, eighth round).

Two sentences may be linked on one thing of several words alone: a phrase of common
words the story uses rarely ("foreign military bases"), a quotation of three words or a
verbatim run of four. That allowance is for what common words say together. Where every
content word of that thing is written with a capital in both sentences, inside one of
them at least (not only as the first word of a sentence or quotation: "Well, which is
it?"), the thing is a name ("the United States", "Maine Gov. Paul LePage", "the
Affordable Care Act"), and a name alone never makes a link (a name of several words
counts as one specific thing, see normalise.py): the two sentences name the same
country, law or person, not the same fact ("fight for the people of the United States"
/ "paid ... for 41 speeches, all in the United States"). Such a link stays related,
and is no candidate for the rules that promote weak links (triangles, order).
(docs/alignment.md, "Precision on 34 stories, eighth round": on the 34 development and
earlier held-out stories 5 wrong links fewer and 1 right one, 2 units of 1,267;
held-out-5, scored once, 1 wrong link fewer.)
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Sequence

from site_builder.align.similarity import VERBATIM_RUN, Link, Unit
from site_builder.core.model import Story
from site_builder.core.text import fold

_WORD = re.compile(r"[^\W\d_][\w'’\-]*")
_OPENING = '“"«'
"""Marks that open a quotation: a word after one (and nothing but spaces and marks)
is capitalised because it begins the quotation, not because it is a name."""


def capitalised(sentence: str) -> tuple[frozenset[str], frozenset[str]]:
    """The words (folded as the evidence folds them) a sentence writes with a capital,
    and of those the ones written so inside the sentence: not as the first word of the
    sentence or of a quotation ("Well, which is it?")."""
    anywhere, inside = set(), set()
    for match in _WORD.finditer(sentence):
        word = match.group()
        if word[:1].isupper():
            anywhere.add(_fold(word))
            if not _begins(sentence, match.start()):
                inside.add(_fold(word))
    return frozenset(anywhere), frozenset(inside)


def name_alone(
    link: Link,
    first: str,
    second: str,
    stop_words: Collection[str],
    time_words: Collection[str] = frozenset(),
) -> bool:
    """Whether the link of sentences `first` and `second` rests on one thing of several
    words whose content words both write with a capital, each inside one of them at
    least (a name, see the module's docstring), and on nothing else: no verbatim run of
    VERBATIM_RUN words, no most-words match. A thing that names a day or a month ("on
    Saturday in Columbus, Ohio") tells a time, not only a name."""
    if len(link.evidence) != 1 or link.run >= VERBATIM_RUN or link.most_words:
        return False
    words = link.evidence[0].strip("“”").split()
    content = [w for w in words if w not in stop_words]
    if len(words) < 2 or not content or any(w in time_words for w in words):
        return False
    (mine, mine_inside), (theirs, theirs_inside) = capitalised(first), capitalised(second)
    return all(w in mine and w in theirs and w in mine_inside | theirs_inside for w in content)


def names_alone(
    links: Iterable[Link],
    units: Sequence[Unit],
    story: Story,
    stop_words: Collection[str],
    time_words: Collection[str] = frozenset(),
) -> set[Link]:
    """The `links` that rest on a name alone (name_alone)."""

    def text(unit: Unit) -> str:
        return story.article(unit.article).passage(unit.passage).sentences[unit.sentence]

    return {
        link
        for link in links
        if len(link.evidence) == 1
        and name_alone(
            link, text(units[link.left]), text(units[link.right]), stop_words, time_words
        )
    }


def _begins(sentence: str, start: int) -> bool:
    """Whether the word at `start` begins the sentence or a quotation (only spaces and
    marks before it, back to the start or to an opening quotation mark)."""
    index = start - 1
    while index >= 0 and not sentence[index].isalnum() and sentence[index] not in _OPENING:
        index -= 1
    return index < 0 or sentence[index] in _OPENING


def _fold(word: str) -> str:
    """A word as the evidence writes it: folded as the aligner folds words (text.fold),
    without its apostrophe ("LePage" -> "lepage", "Peña" -> "pena", "Obama's" -> "obamas")."""
    return fold(word).replace("'", "")
