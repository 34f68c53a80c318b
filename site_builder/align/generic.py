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

from collections import defaultdict
from collections.abc import Collection, Sequence
from itertools import chain

from site_builder.align.similarity import VERBATIM_RUN, Link, Unit

GENERIC_PASSAGES = 3
"""Passages of one article that must hold every thing a link shares for the link to
rest on that article's subject, not on one fact."""


class GenericEvidence:
    """Which of a story's links rest on generic evidence (see the module's docstring).
    Which passages of each article hold each term is read once, when first asked; a
    thing of several words is looked for in an article's sentences when a link needs
    it, and remembered."""

    def __init__(
        self,
        units: Sequence[Unit],
        passages: int = GENERIC_PASSAGES,
        expected: Collection[Link] = (),
    ) -> None:
        """`expected`: links that may be asked about later (their terms are read in the
        same pass over the story as the first links asked about)."""
        self.units, self.passages = units, passages
        self._expected = expected
        self._terms: dict[tuple[str, str], set[str]] = defaultdict(set)
        self._indexed: set[str] = set()
        self._scattered: set[str] = set()  # read terms no article has in `passages` passages
        self._several: dict[tuple[str, str], set[str]] = {}
        self._sentences: dict[str, list[tuple[str, str]]] | None = None
        self._texts: dict[str, str] = {}

    def links(self, links: Collection[Link]) -> set[Link]:
        """The `links` whose shared things all stand together in `passages` passages or
        more of one of their two articles; verbatim runs and links sharing a time are
        never generic."""
        units = self.units
        candidates = [
            link
            for link in links
            if link.run < VERBATIM_RUN and "time" not in link.kinds and link.evidence
        ]
        asked = chain(candidates, self._expected)
        self._expected = ()
        self._index({e for link in asked for e in link.evidence if " " not in e})
        scattered, found = self._scattered, set()
        for link in candidates:
            if not scattered.isdisjoint(link.evidence):
                continue  # a term of it is in fewer passages of each article
            for article in {units[link.left].article, units[link.right].article}:
                if self._held(link.evidence, article) >= self.passages:
                    found.add(link)
                    break
        return found

    def _held(self, evidence: Sequence[str], article: str) -> int:
        """In how many passages of `article` every thing of `evidence` stands (0 where
        one of them stands in fewer than `passages`: terms are looked at first)."""
        held: list[set[str]] = []
        for several in (False, True):
            for thing in evidence:
                if (" " in thing) != several:
                    continue
                passages = self._with(thing, article) if several else self._terms[(article, thing)]
                if len(passages) < self.passages:
                    return 0
                held.append(passages)
        return len(set.intersection(*held))

    def _index(self, terms: set[str]) -> None:
        """Read which passages of each article hold each of `terms` not read yet (as a
        head of one of a sentence's words: a thing is a term's head)."""
        missing = frozenset(terms - self._indexed)
        if not missing:
            return
        self._indexed |= missing
        index = self._terms
        for unit in self.units:
            for term in missing.intersection(unit.heads):
                index[(unit.article, term)].add(unit.passage)
        often = {term for (_, term), held in index.items() if len(held) >= self.passages}
        self._scattered |= missing - often

    def _with(self, thing: str, article: str) -> set[str]:
        """The passages of `article` with a sentence that has the words of `thing` (a
        phrase, run or quotation) in a row (none where the article has them fewer than
        `passages` times: the sentences are read only where it has them as often)."""
        key = (article, thing)
        if key not in self._several:
            if self._sentences is None:
                self._sentences = defaultdict(list)
                for unit in self.units:
                    text = " " + " ".join(unit.words) + " "
                    self._sentences[unit.article].append((unit.passage, text))
                self._texts = {a: "|".join(t for _, t in s) for a, s in self._sentences.items()}
            words = " " + " ".join(thing.strip("“”").split()) + " "
            self._several[key] = (
                {p for p, text in self._sentences[article] if words in text}
                if self._texts.get(article, "").count(words) >= self.passages
                else set()
            )
        return self._several[key]
