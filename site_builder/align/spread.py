"""A closest match on things both articles keep coming back to is no fact of its own
(issue 23, twelfth round).

A "closest" link (same_event_reason: two or more specific things shared, each sentence
the other's strongest link towards the other article) is judged here against its own
two articles: where each thing it shares stands, on its own, in SPREAD_PASSAGES
passages or more of each of the two articles ("Democrats" and "McConnell" in a story
about a shutdown; "billion" and "divert" where both outlets come back to the money),
both outlets name those things whenever they come back to their subject, so the two
sentences' being each other's closest match says nothing of one act: the link is not
the same event on its own, nor a candidate for the rules that promote weak links
(triangles, order); it is shown as related where it is its passages' nearest
counterpart. generic.py asks the same of all of a link's things together in one of
the two articles.

As there, a link whose shared things include a day or month (kind "time") keeps its
reason: a time two sentences share ties them to one moment.

docs/alignment.md, "Closest links judged in their article pair, twelfth round": on the
64 golds 8 wrong shown links fewer and 2 right ones (one unit), one right link more.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from site_builder.align.generic import GENERIC_PASSAGES, GenericEvidence
from site_builder.align.similarity import VERBATIM_RUN, Link, Unit

SPREAD_PASSAGES = GENERIC_PASSAGES
"""Passages of each of a link's two articles that must hold each thing it shares."""


def spread_links(
    links: Iterable[Link], units: Sequence[Unit], generic: GenericEvidence
) -> set[Link]:
    """The `links` (closest matches) each of whose shared things stands in
    SPREAD_PASSAGES passages or more of each of their two articles; verbatim runs and
    links sharing a time are never spread. `generic` reads where each thing stands (it
    counts from SPREAD_PASSAGES passages: they are GENERIC_PASSAGES)."""
    found = set()
    for link in links:
        if link.run >= VERBATIM_RUN or "time" in link.kinds or not link.evidence:
            continue
        articles = (units[link.left].article, units[link.right].article)
        if all(
            len(generic.holding(thing, article)) >= SPREAD_PASSAGES
            for thing in link.evidence
            for article in articles
        ):
            found.add(link)
    return found
