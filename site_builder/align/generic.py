"""Evidence an article keeps coming back to is no fact of its own (issue 23, tenth round).

A same-event link rests on the specific things its two sentences share. Where every one
of those things stands together in GENERIC_PASSAGES passages or more of one of the two
articles, that article names them together whenever it comes back to its subject
("Mitt Romney" and "Paul Ryan" in seven passages of one article; "birth certificate" in
three; "a constitutional amendment"), so finding them in one of its passages does not
say which passage tells the other sentence's fact: the link is not the same event on
its own, and no candidate for the rules that promote weak links (triangles, order). It
is shown as related where it is its passages' nearest counterpart.

Two kinds of links keep their reason: a verbatim run of VERBATIM_RUN words (a sentence
copied is one fact however often its words come back), and a link whose shared things
include a day or month (kind "time"): a time two sentences share ties them to one
moment, and the story's day stands in many passages by nature.

docs/alignment.md, "Wrong links by cause, tenth round": on the 46 golds 8 wrong links
fewer and no right one (precision .834 -> .840, unit recall unchanged).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection, Sequence

from site_builder.align.similarity import VERBATIM_RUN, Link, Unit

GENERIC_PASSAGES = 3
"""Passages of one article that must hold every thing a link shares for the link to
rest on that article's subject, not on one fact."""


def generic_links(
    units: Sequence[Unit], links: Collection[Link], passages: int = GENERIC_PASSAGES
) -> set[Link]:
    """The `links` whose shared things all stand together in `passages` passages or
    more of one of their two articles (see the module's docstring); verbatim runs and
    links sharing a time are never generic."""
    candidates = [link for link in links if link.run < VERBATIM_RUN and "time" not in link.kinds]
    if not candidates:
        return set()
    holders = _holders(units, candidates)
    found = set()
    for link in candidates:
        held = set.intersection(*(holders[e] for e in link.evidence)) if link.evidence else set()
        count = Counter(article for article, _ in held)
        if max(count[units[link.left].article], count[units[link.right].article]) >= passages:
            found.add(link)
    return found


def _holders(units: Sequence[Unit], links: Sequence[Link]) -> dict[str, set[tuple[str, str]]]:
    """For each thing the `links` share, the passages (article, passage) with a sentence
    that holds it: a term as a term or head of one of its words, a thing of several
    words (a phrase, run or quotation) as those words in a row."""
    terms = {e for link in links for e in link.evidence if " " not in e}
    several: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for link in links:
        for e in link.evidence:
            if " " in e:
                words = e.strip("“”").split()
                several[words[0]].append((e, " " + " ".join(words) + " "))
    holders: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for unit in units:
        key = (unit.article, unit.passage)
        for term in terms.intersection(unit.heads):
            holders[term].add(key)
        for term in terms.intersection(unit.terms):
            holders[term].add(key)
        starts = several.keys() & set(unit.words)
        if starts:
            text = " " + " ".join(unit.words) + " "
            for first in starts:
                for thing, words in several[first]:
                    if words in text:
                        holders[thing].add(key)
    return holders
