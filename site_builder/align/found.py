"""Links found, then dropped, that stand on their own evidence (issue 23, ninth round).

`same_event_reason` judges a link by its similarity and by whether each sentence is the
other's closest match. Two kinds of selected links it leaves out rest on evidence of
their own, and are the same event too:

- **three things** ("three-things"): a link from `event_threshold` up to
  SECOND_FACT_SCORE that is not the closest match of both its sentences, but is the
  strongest link of one of them to the other's article, with three specific things or
  more in common. That sentence tells this fact; the other sentence's stronger link is
  to another fact it reports (`select` already keeps a stronger link from taking the
  place of one whose things it does not share), and three things shared are more than
  a coincidence of names. ("Jackson's wife spent $5,150 on fur capes" / "used his
  campaign money to buy items like fur capes, celebrity memorabilia", which also tells
  the documents released on Friday.)
- **one thing, and another kind agrees** ("phrase-agreed"): the closest match of both
  sentences on one thing of several words (a phrase, a verbatim run, a quotation),
  under `event_threshold` down to `threshold`, where a number or a day agrees too, or
  the phrase is also part of a verbatim run or quotation both have: the
  corroboration two things get under the threshold ("corroborated"), for one thing of
  several words.

docs/alignment.md, "Found, then dropped: ninth round": on the 40 golds 25 right links
more and 4 wrong ones (precision .842 -> .843), unit recall .564 -> .579.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from site_builder.align.similarity import (
    SECOND_FACT_SCORE,
    VERBATIM_RUN,
    Link,
    Unit,
    strongest_towards,
)

THINGS = 3
"""Specific things a link that is the strongest of only one of its sentences needs."""
AGREEING = frozenset({"number", "time"})
"""Kinds of evidence that corroborate a link on one thing of several words."""
QUOTED = frozenset({"run", "quote"})
"""Kinds of evidence that, with a phrase, make two kinds of things of several words."""


def found_reasons(
    units: Sequence[Unit],
    links: Sequence[Link],
    reasons: Mapping[Link, str],
    *,
    event_threshold: float,
    threshold: float,
) -> dict[Link, str]:
    """Of the links `reasons` has no reason for (''), those that are the same event on
    their own evidence (see the module's docstring), with their reason."""
    waiting = [link for link, reason in reasons.items() if not reason and link.best]
    if not waiting:
        return {}
    strongest = strongest_towards(units, links)
    found = {}
    for link in waiting:
        if link.run >= VERBATIM_RUN or link.most_words:
            continue
        if _one_thing(link):
            if link.closest and threshold <= link.score < event_threshold and _agrees(link):
                found[link] = "phrase-agreed"
        elif (
            not link.closest
            and len(link.evidence) >= THINGS
            and event_threshold <= link.score < SECOND_FACT_SCORE
            and any(
                link.strength >= strongest[(here, units[there].article)]
                for here, there in ((link.left, link.right), (link.right, link.left))
            )
        ):
            found[link] = "three-things"
    return found


def _one_thing(link: Link) -> bool:
    return len(link.evidence) == 1 and " " in link.evidence[0]


def _agrees(link: Link) -> bool:
    """Whether another kind of evidence agrees with a link's one thing of several
    words: a number or a day, or a phrase that is also a verbatim run or quotation."""
    kinds = link.kinds
    return bool(kinds & AGREEING) or ("phrase" in kinds and not kinds.isdisjoint(QUOTED))
