"""Sentence links across articles, and how sure each one is.

Two sentences of different articles are compared by the terms they share, each weighted
by how much sharing it tells: terms rare in the story (inverse document frequency over
its passages) and rare in the language weigh most; boilerplate that occurs in most
passages weighs next to nothing. Candidate pairs come from an inverted index of the
specific terms ("anchors": names, places, numbers, uncommon words), of the phrases of
common words the story uses rarely ("foreign military bases"), of the words in quotation
marks and, for sentences that share most of their words, of the common words too; so
the work grows with the pairs that share something, not with all pairs.

A link records its evidence: the weighted cosine of the two sentences, the distinct
specific things they share (a name counts once however it is written out; a phrase, a
quotation or a verbatim run of VERBATIM_THING words counts once however many words it
has; a reporting verb never counts), which other kinds of evidence agree (a number, a
time, a quotation, a phrase, a verbatim run), whether most of their words are the same,
and whether each sentence is the other's closest match *for those things*: a sentence
that reports two facts can be the closest match of one sentence for each of them
(`select`). `same_event_reason` says whether a link is enough for the same event, and
why; weaker links are only related.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import chain, combinations, compress, repeat
from operator import itemgetter, not_

from site_builder.align.normalise import term_head

QUOTE_RUN = 3
"""Words in quotation marks that two sentences share verbatim count as one specific
thing when they run this long ("Who are you!")."""
VERBATIM_THING = 4
"""A run of this many words shared verbatim (two or more of them content words) counts
as one specific thing however common its words ("no federal law enforcement
experience")."""
VERBATIM_RUN = 6
"""A run of this many words shared verbatim (short words included) is a same-event link
by itself: one outlet quotes or copies the other's words."""
COPIED_RUN = 10
"""A run of this many words shared verbatim proposes its pair of sentences for scoring
in a small story, however common its words are there (see _verbatim_candidates)."""
SMALL_STORY = 24
"""A story of fewer passages than this is small: an event each of three outlets tells
twice is in more than a quarter of its passages, so no word of it is an anchor."""
PHRASE_WORDS = 3
"""A phrase of common words counts as a specific thing when it has this many content
words ("foreign military bases"; "public safety" and "law school" are too common)."""
MAX_POSTINGS = 100
"""A term in more sentences than this proposes no pairs (too common to say two
sentences report one event), but still counts in the score. A fixed number, not a
share of the story: each term then proposes at most MAX_POSTINGS² / 2 pairs, so the
pairs scored grow with the story's terms, near-linearly, not with its sentences squared
(the 8,000-passage story of benchmarks/large_story.py: 200 gave 205,000 candidate pairs
and align time growing as passages^1.39 from 2,000 passages; 100 gives 109,000 and
^1.1-1.2, every planted pair still found). A story of a few articles never has an anchor
in this many sentences (it would be in more than ANCHOR_SHARE of its passages)."""
PHRASE_POSTINGS = 20
"""A pair of words in a row proposes pairs of sentences only when this few sentences
have it (most pairs of sentences that share a phrase share a specific word too)."""
COMMON_POSTINGS = 50
"""The same for a term that is no anchor because the story uses it often (it proposes
pairs only for the rule of most words in common, which matters where a story is small
and every word in it common)."""
MOST_WORDS = 0.6
"""Two sentences share most of their content words when the words they share are this
share of their words (Dice coefficient)..."""
MOST_WORDS_COUNT = 4
"""...and at least this many."""
CORROBORATING = frozenset({"number", "time", "phrase", "run"})
"""Kinds of evidence that, added to a link just below the event threshold, make it the
same event (measured on the development stories: a shared quotation of three words,
"on behalf of", is too often a common turn of phrase)."""
TAKEN = 0.5
"""A stronger link of a sentence to the same article takes a weaker one's place when
it shares at least this share of the weaker one's specific things: it is the closer
match for what they share. Below it, the weaker link is about something else the
sentence reports. (Development stories: any one thing shared, P .89 R .58; half,
P .90 R .58; all, P .90 R .59 before the groups were merged.)"""
NUMBER_DIGITS = 2
"""A shared number corroborates a link from this many digits on ("15 years", "84,000";
"two cities" is too common a number to tell an event)."""
SECOND_FACT_SCORE = 0.25
"""A link that is not the strongest of either of its sentences in the other's article
(a sentence that reports several facts has it for its second fact) is the same event
from this similarity on (measured on the development stories: precision .88 from
0.25, .81 from the event threshold)."""


@dataclass(frozen=True)
class Unit:
    """One sentence of one passage: the aligner's unit of evidence."""

    article: str
    passage: str
    position: int
    """The passage's place in its article (0 for the first)."""
    sentence: int
    terms: tuple[str, ...]
    words: tuple[str, ...]
    """Every word, folded, short words included: for verbatim runs."""
    quoted: frozenset[int]
    """Indices of the words inside quotation marks."""
    names: tuple[tuple[str, str], ...] = ()
    """Terms that are part of a name of several words, with the name's last word
    ("mitt" -> "romney"): one name counts as one piece of evidence."""
    heads: tuple[str, ...] = ()
    """For each of `words`, the head of its term ('' for a stop word)."""
    phrases: tuple[tuple[str, int, int], ...] = ()
    """Each pair of content words in a row (stop words between them skipped; not across
    a name, a comma or a reporting verb), as "first+second", with the indices in
    `words` of its first and second word."""


@dataclass(frozen=True)
class Lexicon:
    """What the story's vocabulary tells about each term (see align_story)."""

    weights: Mapping[str, float]
    anchors: Collection[str]
    """Specific terms: rare in the language and not the whole story's subject."""
    phrases: Collection[str] = frozenset()
    """Pairs of content words ("militari+base") the story uses in few passages."""
    times: Collection[str] = frozenset()
    """Terms of days, months and the like."""
    reporting: Collection[str] = frozenset()
    """Terms of reporting verbs (say, claim, deny): never evidence."""
    uncommon: Collection[str] = frozenset()
    """Terms rare in the language (specific but for being common in the story): they,
    not the language's common words, propose pairs for the rule of most words."""


@dataclass(eq=False)
class Link:
    """Two sentences (units) of different articles that share something, and how much.
    Each link is one object, compared and hashed by identity (sets of links are many,
    and a link's fields are not what makes it that link); `select` fills in `best` and
    `closest`, nothing changes it after."""

    left: int
    right: int
    score: float
    """Weighted cosine of the two sentences' terms, 0 to 1."""
    evidence: tuple[str, ...]
    """The specific things they share (terms' heads; a quotation as its first words;
    a phrase or a verbatim run as its words)."""
    run: int
    """The longest run of words both have verbatim (0 if shorter than VERBATIM_THING)."""
    best: bool = False
    """Whether each sentence is the other's closest match in its article for the
    things they share (see select)."""
    kinds: frozenset[str] = frozenset()
    """Kinds of evidence in it besides specific words: number, time, quote, phrase,
    run."""
    most_words: bool = False
    """Whether the two sentences share most of their content words (MOST_WORDS)."""
    closest: bool = False
    """Whether each sentence's link is its strongest to the other's article."""
    terms: frozenset[str] = frozenset()
    """The terms (heads) of the things in `evidence`, words of phrases included."""

    @property
    def strength(self) -> float:
        """The score, with a verbatim run counting as a perfect match (for ordering)."""
        return 1.0 if self.run >= VERBATIM_RUN else self.score


def passage_frequency(units: Sequence[Unit]) -> tuple[dict[str, int], int]:
    """In how many of the story's passages each term (and each pair of content words
    in a row) occurs, and how many passages."""
    passages: dict[tuple[str, str], set[str]] = defaultdict(set)
    for unit in units:
        bag = passages[(unit.article, unit.passage)]
        bag.update(unit.terms)
        bag.update(map(_FIRST, unit.phrases))
    return dict(Counter(chain.from_iterable(passages.values()))), len(passages)


_FIRST = itemgetter(0)
"""A phrase's text (see Unit.phrases)."""


def term_weights(
    frequency: dict[str, int], total: int, rarity: dict[str, float]
) -> dict[str, float]:
    """Weight of every term: its IDF over the story's passages times its `rarity`.

    IDF alone is noisy in a story of a few dozen passages (a word used twice is "rare"
    whether it is "figure" or "regroup"); the rarity of the word in the language at
    large steadies it. Both must be high for a shared term to count for much.
    """
    return {t: math.log((total + 1) / df) * rarity[t] for t, df in frequency.items()}


@dataclass
class _Index:
    """Per unit: its weighted vector, norm and verbatim 4-grams (see sentence_links)."""

    vectors: list[dict[str, float]]
    norms: list[float]
    grams: list[frozenset[tuple[str, ...]]] = field(default_factory=list)
    """Each unit's runs of VERBATIM_THING words."""
    names: list[dict[str, str]] = field(default_factory=list)
    phrases: list[frozenset[str]] = field(default_factory=list)
    """Each unit's specific pairs of words in a row."""
    specific: frozenset[str] = frozenset()
    """The anchors that are evidence (no reporting verb)."""
    numbers: list[frozenset[str]] = field(default_factory=list)
    """Each unit's numbers of NUMBER_DIGITS digits or more."""
    times: list[frozenset[str]] = field(default_factory=list)
    """Each unit's terms of time (days, months) that are anchors."""
    heads: list[frozenset[str]] = field(default_factory=list)
    """Each unit's content words' heads, reporting verbs left out."""


def sentence_links(
    units: Sequence[Unit],
    lexicon: Lexicon,
    *,
    threshold: float,
    min_evidence: int,
) -> list[Link]:
    """Pairs of sentences from different articles that could report one event: they
    score at least `threshold` with `min_evidence` specific things shared (a quotation,
    a phrase or a verbatim run counts as one) or one thing of several words, or share
    most of their content words, or a verbatim run of VERBATIM_RUN words; with each
    link's evidence and whether it is selected (see select)."""
    squared = {t: w**2 for t, w in lexicon.weights.items()}  # once per distinct term
    vectors = [_vector(u.terms, squared) for u in units]
    index = _Index(
        vectors,
        [math.sqrt(math.fsum(v.values())) or 1.0 for v in vectors],
    )
    reporting = set(lexicon.reporting)
    index.specific = _not_reporting(lexicon.anchors, reporting)
    index.phrases = [frozenset(map(_FIRST, u.phrases)).intersection(lexicon.phrases) for u in units]
    quotations = _quotation_candidates(units)
    pairs = sorted(
        _candidates(units, index, lexicon, threshold, min_evidence)
        | quotations.keys()
        | _verbatim_candidates(units)
    )
    _index_paired(index, units, {unit for pair in pairs for unit in pair}, lexicon, reporting)
    links = []
    for a, b in pairs:
        link = _link(units, index, lexicon, (a, b), quotations.get((a, b)), threshold, min_evidence)
        if link is not None and _linkable(link, threshold, min_evidence):
            links.append(link)
    return select(units, links)


def _heads(terms: Iterable[str]) -> Iterator[str]:
    """term_head of each of `terms` (in their order), in C: `str.rpartition` and an item
    of each, no Python call a term."""
    return map(_THIRD, map(str.rpartition, terms, repeat(" ")))


_THIRD = itemgetter(2)
"""What follows a term's last space: its head (see normalise.term_head)."""


def _not_reporting(terms: Collection[str], reporting: Collection[str]) -> frozenset[str]:
    """The `terms` whose head is no term of `reporting` (reporting verbs: never
    evidence), picked in C (a story's anchors: ~300)."""
    listed = list(terms)
    return frozenset(compress(listed, map(not_, map(reporting.__contains__, _heads(listed)))))


def _vector(terms: Sequence[str], squared: Mapping[str, float]) -> dict[str, float]:
    """A unit's vector: each of its distinct `terms` with its `squared` weight (w², 0
    for a term without one), made in C."""
    distinct = set(terms)
    return dict(zip(distinct, map(squared.get, distinct, repeat(0.0))))


def _index_paired(
    index: _Index, units: Sequence[Unit], paired: set[int], lexicon: Lexicon, reporting: set[str]
) -> None:
    """Fill in what only scoring a pair reads of a unit (its verbatim 4-grams, names,
    numbers, terms of time and heads, the `reporting` verbs left out) for the units of
    some candidate pair (`paired`, about half of a story's): the others keep empty ones,
    never read."""
    size = len(units)
    index.names = [{}] * size
    index.grams, index.numbers, index.times, index.heads = ([frozenset()] * size for _ in range(4))  # type: ignore[assignment]
    # what a term is, worked out once per distinct term of these units, not once a use
    vocabulary = set(chain.from_iterable(units[position].terms for position in paired))
    numbers = {t for t in vocabulary if t[:1].isdigit() and len(t) >= NUMBER_DIGITS}
    times = set(lexicon.times).intersection(index.specific)
    head_of = dict(zip(vocabulary, _heads(vocabulary)))
    for position in paired:
        unit = units[position]
        terms = unit.terms
        index.grams[position] = _grams(unit)
        index.names[position] = dict(unit.names)
        index.numbers[position] = frozenset(numbers.intersection(terms))
        index.times[position] = frozenset(times.intersection(terms))
        index.heads[position] = frozenset(map(head_of.__getitem__, terms)) - reporting


def _link(
    units: Sequence[Unit],
    index: _Index,
    lexicon: Lexicon,
    pair: tuple[int, int],
    quotation: tuple[str, ...] | None,
    threshold: float,
    min_evidence: int,
) -> Link | None:
    """The link of the units of `pair` with all its evidence, or None where it cannot
    be one (under `threshold`, without most words in common or a verbatim run)."""
    a, b = pair
    first, second = units[a], units[b]
    mine = index.vectors[a]
    shared = mine.keys() & index.vectors[b].keys()
    score = math.fsum(map(mine.__getitem__, shared)) / (index.norms[a] * index.norms[b])
    most_words = _share_most_words(index.heads[a], index.heads[b])
    run_words, run_terms = _longest_run(first, second, index.grams[a], index.grams[b])
    run = len(run_words)
    if score < threshold and not most_words and run < VERBATIM_RUN:
        return None  # under the threshold, and nothing that links without it
    named = _named(shared & index.specific, index.names[a], index.names[b])
    phrases = not index.phrases[a].isdisjoint(index.phrases[b])
    if (
        len(named) < min_evidence
        and not most_words
        and quotation is None
        and not phrases
        and run < VERBATIM_THING
    ):
        return None  # too little in common to be a link (see _linkable)
    kinds: set[str] = set()
    several = _several_words(
        first, second, index.phrases[b] if phrases else None, run_words, run_terms, quotation, kinds
    )
    if several:
        things = [(t, {t}) for t in named] + several
        terms = frozenset(t for _, held in things for t in held)
        evidence = _absorbed(things)
    else:
        terms, evidence = frozenset(named), list(named)
    if most_words and not evidence:  # common words only: they are what is shared
        terms = index.heads[a] & index.heads[b]
        evidence = list(terms)
    if not index.numbers[a].isdisjoint(index.numbers[b]):
        kinds.add("number")
    if not index.times[a].isdisjoint(index.times[b]):
        kinds.add("time")
    return Link(
        a,
        b,
        round(min(1.0, score), 6),
        tuple(sorted(evidence)),
        run if run >= VERBATIM_THING else 0,
        kinds=frozenset(kinds),
        most_words=most_words,
        terms=terms,
    )


def _named(anchors: set[str], names_a: dict[str, str], names_b: dict[str, str]) -> set[str]:
    """The things the shared `anchors` name: each term's name in either unit (`names_a`,
    `names_b`: see Unit.names), else its head; a name counted once."""
    if names_a or names_b:
        return {names_a.get(t) or names_b.get(t) or term_head(t) for t in anchors}
    return set(_heads(anchors))


def _several_words(
    first: Unit,
    second: Unit,
    phrases: frozenset[str] | None,
    run_words: tuple[str, ...],
    run_terms: set[str],
    quotation: tuple[str, ...] | None,
    kinds: set[str],
) -> list[tuple[str, set[str]]]:
    """The things of several words two units share, each with the heads it holds: the
    specific `phrases` of `first` that `second` holds too (None: none), a verbatim run
    (`run_words`, its content words' heads `run_terms`) of VERBATIM_THING words or more,
    and the `quotation`; each kind found ("phrase", "run", "quote") added to `kinds`."""
    several: list[tuple[str, set[str]]] = []
    if phrases is not None:
        for phrase, heads in _shared_phrases(first, phrases).items():
            if len(heads) >= PHRASE_WORDS:
                several.append((phrase, heads))
                kinds.add("phrase")
    if len(run_words) >= VERBATIM_THING and len(run_terms) >= PHRASE_WORDS:
        several.append((" ".join(run_words), run_terms))
        kinds.add("run")
    if quotation is not None:
        several.append((f"“{' '.join(quotation)}”", _quoted_heads(first, second, quotation)))
        kinds.add("quote")
    return several


def shared_things(first: Unit, second: Unit, lexicon: Lexicon) -> set[str]:
    """The distinct specific words (anchors, a name counted once, no reporting verb)
    two units share: how close a pair that made no link came to one."""
    shared = set(first.terms) & set(second.terms)
    anchors = [t for t in shared if t in lexicon.anchors and term_head(t) not in lexicon.reporting]
    return distinct_things(anchors, first, second)


def _absorbed(things: list[tuple[str, set[str]]]) -> list[str]:
    """The names of `things` (name, its terms) without those whose terms a larger one
    holds: a phrase, a run or a quotation counts once, not once more per word in it
    (of two with the same terms, the one of more words is kept: a verbatim run over
    the phrase inside it)."""
    kept: list[tuple[str, set[str]]] = []
    held: set[str] = set()  # every term of the things kept
    for name, terms in sorted(things, key=lambda t: (-len(t[1]), -len(t[0]), t[0])):
        if len(terms) == 1:  # one word (most things): held by a larger one where its term is
            if terms.isdisjoint(held):
                kept.append((name, terms))
                held |= terms
        elif not terms or not any(terms <= other for _, other in kept):
            kept.append((name, terms))
            held |= terms
    return [name for name, _ in kept]


def _quoted_heads(first: Unit, second: Unit, quotation: tuple[str, ...]) -> set[str]:
    """The terms of the words of a quotation the two units share."""
    for unit in (first, second):
        words = unit.words
        for start in range(len(words) - len(quotation) + 1):
            if words[start : start + len(quotation)] == quotation:
                return {h for h in unit.heads[start : start + len(quotation)] if h}
    return set()


def _linkable(link: Link, threshold: float, min_evidence: int) -> bool:
    """Whether a candidate link is worth keeping at all (see sentence_links)."""
    if link.run >= VERBATIM_RUN or link.most_words:
        return True
    if link.score < threshold:
        return False
    return len(link.evidence) >= min_evidence or _one_phrase(link)


def _one_phrase(link: Link) -> bool:
    """Whether the one thing two sentences share is a phrase, a quotation or a verbatim
    run: several words that say one thing ("freedom means freedom for everyone")."""
    return len(link.evidence) == 1 and " " in link.evidence[0]


def distinct_things(terms: Sequence[str], first: Unit, second: Unit) -> set[str]:
    """The distinct things `terms` name in the two units: the terms of one name (its
    compounds, its last word, a rare first word) count as one, named by its last word."""
    names = dict(first.names) | dict(second.names)
    return {names.get(t, term_head(t)) for t in terms}


def _shared_phrases(first: Unit, theirs: Collection[str]) -> dict[str, set[str]]:
    """The phrases of common words `first` shares with another unit (`theirs`: its
    specific pairs of words in a row; pairs that overlap make one phrase), as their
    words in `first`, with the terms they hold."""
    runs: list[list[tuple[str, int, int]]] = []
    for pair in first.phrases:
        if pair[0] not in theirs:
            continue
        if runs and runs[-1][-1][2] == pair[1]:
            runs[-1].append(pair)
        else:
            runs.append([pair])
    return {
        " ".join(first.words[run[0][1] : run[-1][2] + 1]): {
            t for p, _, _ in run for t in p.split("+")
        }
        for run in runs
    }


def _share_most_words(mine: frozenset[str], theirs: frozenset[str]) -> bool:
    """Whether two units (their content words' heads) share most of their content words
    (MOST_WORDS)."""
    common = len(mine & theirs)
    return common >= MOST_WORDS_COUNT and 2 * common >= MOST_WORDS * (len(mine) + len(theirs))


def _grams(unit: Unit) -> frozenset[tuple[str, ...]]:
    """The unit's runs of VERBATIM_THING words (made in C: where each starts is looked
    for only in the few pairs that share one, see _longest_run)."""
    words = unit.words
    return frozenset(zip(*(words[k:] for k in range(VERBATIM_THING))))


def _starts(words: tuple[str, ...], grams: frozenset[tuple[str, ...]]) -> dict[tuple, list[int]]:
    """Where each of `grams` (runs of VERBATIM_THING words) starts in `words`, in order:
    one pass over the words."""
    found: dict[tuple, list[int]] = {}
    for i, gram in enumerate(zip(*(words[k:] for k in range(VERBATIM_THING)))):
        if gram in grams:
            found.setdefault(gram, []).append(i)
    return found


def _longest_run(
    first: Unit, second: Unit, first_grams: frozenset, second_grams: frozenset
) -> tuple[tuple[str, ...], set[str]]:
    """The longest run of words the two units share verbatim (at least VERBATIM_THING
    long, else empty), and the terms of its content words."""
    common = first_grams & second_grams
    if not common:
        return (), set()
    mine, theirs = first.words, second.words
    mine_at, theirs_at = _starts(mine, common), _starts(theirs, common)
    length, start = 0, 0
    for gram in common:
        for i in mine_at[gram]:
            for j in theirs_at[gram]:
                if i and j and mine[i - 1] == theirs[j - 1]:
                    continue  # inside a run found from its start
                n = VERBATIM_THING
                while i + n < len(mine) and j + n < len(theirs) and mine[i + n] == theirs[j + n]:
                    n += 1
                if n > length or (n == length and i < start):
                    length, start = n, i
    heads = {h for h in first.heads[start : start + length] if h}
    return mine[start : start + length], heads


def _candidates(
    units: Sequence[Unit],
    index: _Index,
    lexicon: Lexicon,
    threshold: float,
    min_evidence: int,
) -> set[tuple[int, int]]:
    """Pairs of units of different articles worth scoring: they share `min_evidence`
    anchor terms and can reach `threshold` (the shared weight of the anchors they share
    plus, at most, the product of the rest of the two vectors: Cauchy-Schwarz); or share
    a phrase of PHRASE_WORDS words; or MOST_WORDS_COUNT terms rare in the language
    (most words in common)."""
    vectors = index.vectors
    specific = index.specific
    proposers = specific | frozenset(lexicon.uncommon)  # no other term proposes pairs
    held = Counter(chain.from_iterable(map(proposers.intersection, vectors)))
    held.update(chain.from_iterable(index.phrases))  # in how many units each is
    reach, terms, phrases_held = _proposing(held, specific, proposers, lexicon.uncommon)
    postings = _postings(vectors, index.phrases, terms, phrases_held)
    article_of = [u.article for u in units]
    count, other, phrases = _shared_counts(postings, specific)
    rest: dict[int, float] = {}  # per unit, only for those the bound is worked out for

    def rest_of(unit: int) -> float:  # the norm of the unit's terms outside `reach`
        found = rest.get(unit)
        if found is None:  # (fsum is exact: the same sum in any order, so a set's)
            vector = vectors[unit]
            outside = vector.keys() - reach
            found = rest[unit] = math.sqrt(math.fsum(map(vector.__getitem__, outside)))
        return found

    pairs = {pair for pair, n in phrases.items() if n >= PHRASE_WORDS - 1}
    norms = index.norms
    for pair, n in count.items():
        a, b = pair
        if article_of[a] == article_of[b]:
            continue  # never a candidate: its bound is not worked out (2 in 5 pairs)
        many = n + other.pop(pair, 0) >= MOST_WORDS_COUNT
        if many or (
            n >= min_evidence
            and _shared_weight(vectors[a], vectors[b], reach) + rest_of(a) * rest_of(b)
            >= threshold * norms[a] * norms[b] * (1 - 1e-9)
        ):
            pairs.add(pair)
    pairs.update(pair for pair, n in other.items() if n >= MOST_WORDS_COUNT)
    return {(a, b) for a, b in pairs if article_of[a] != article_of[b]}


def _shared_counts(
    postings: Mapping[str, list[int]], specific: frozenset[str]
) -> tuple[Counter[tuple[int, int]], Counter[tuple[int, int]], Counter[tuple[int, int]]]:
    """How many anchors (`specific`), other proposing terms and pairs of words in a row
    ("+" keys) each pair of units shares, by the units that hold each key (`postings`);
    pairs of one article are dropped later. Only a key two units or more hold makes a
    pair (about one in six): the others are passed over in one look at their units, not
    a `combinations` each; each kind's pairs are then counted in one C-level pass."""
    held: tuple[list[list[int]], list[list[int]], list[list[int]]] = ([], [], [])
    for key, units in postings.items():
        if len(units) > 1:
            held[2 if key[0] == "+" else 0 if key in specific else 1].append(units)
    count, other, phrases = (
        Counter(chain.from_iterable(combinations(units, 2) for units in lists)) for lists in held
    )
    return count, other, phrases


def _proposing(
    held: Mapping[str, int],
    specific: frozenset[str],
    proposers: frozenset[str],
    uncommon: Collection[str],
) -> tuple[set[str], frozenset[str], frozenset[str]]:
    """The terms that propose pairs of units, by how many units hold each term or phrase
    (`held`): anchors (`specific`) and, in no more than COMMON_POSTINGS units, terms rare
    in the language (`uncommon`), in at most MAX_POSTINGS units; and phrases in at most
    PHRASE_POSTINGS units. Returned: those terms (the reach of the candidates' bound),
    and those terms and phrases two units or more hold, the only ones that make a pair
    (about one in six: the others' units are never listed, see _postings)."""
    reach: set[str] = set()
    terms: set[str] = set()
    phrases: set[str] = set()
    for key, n in held.items():
        if n > MAX_POSTINGS:
            continue
        if key in proposers:  # a term (a phrase is two with "+")
            if key in specific or (n <= COMMON_POSTINGS and key in uncommon):
                reach.add(key)
                if n > 1:
                    terms.add(key)
        elif 1 < n <= PHRASE_POSTINGS:
            phrases.add(key)
    return reach, frozenset(terms), frozenset(phrases)


def _postings(
    vectors: Sequence[dict[str, float]],
    phrases: Sequence[frozenset[str]],
    terms: frozenset[str],
    proposing: frozenset[str],
) -> dict[str, list[int]]:
    """The units (by position) that hold each of `terms` (in their vectors) and each of
    the `proposing` phrases, a phrase as "+" and the phrase."""
    postings: dict[str, list[int]] = defaultdict(list)
    for position, vector in enumerate(vectors):
        for term in terms.intersection(vector):
            postings[term].append(position)
        for phrase in proposing.intersection(phrases[position]):
            postings["+" + phrase].append(position)
    return postings


def _shared_weight(mine: dict[str, float], theirs: dict[str, float], reach: set[str]) -> float:
    """The squared weight of the proposing terms two units share, summed in the terms'
    order (as the candidate loop always has: a sum of floats depends on its order)."""
    total = 0.0
    for term in sorted(t for t in mine.keys() & theirs.keys() if t in reach):
        total += mine[term]
    return total


def _quotation_candidates(units: Sequence[Unit]) -> dict[tuple[int, int], tuple[str, ...]]:
    """Pairs of units of different articles where one quotes QUOTE_RUN words or more
    that the other has too, however short the words (none where the quotation's rarest
    word is in more than MAX_POSTINGS units): the pair and the quoted words. Each unit's
    runs of QUOTE_RUN words are looked up among the quotations in one C-level pass."""
    quoting = [(a, _quotations(unit)) for a, unit in enumerate(units) if unit.quoted]
    quotations = {q for _, found in quoting for q in found}
    if not quotations:
        return {}
    held = _quoted_word_units(units, quotations)
    having: dict[tuple[str, ...], list[int]] = defaultdict(list)  # the units that have it
    for b, unit in enumerate(units):
        words = unit.words
        for quotation in quotations.intersection(zip(*(words[k:] for k in range(QUOTE_RUN)))):
            having[quotation].append(b)
    pairs: dict[tuple[int, int], tuple[str, ...]] = {}
    article_of = [unit.article for unit in units]
    for a, found in quoting:
        article = article_of[a]
        for quotation in found:
            if held is not None and min(map(held.__getitem__, quotation)) > MAX_POSTINGS:
                continue
            for b in having[quotation]:
                if article_of[b] != article:
                    pairs.setdefault((min(a, b), max(a, b)), quotation)
    return pairs


def _verbatim_candidates(units: Sequence[Unit]) -> set[tuple[int, int]]:
    """In a small story (fewer than SMALL_STORY passages), pairs of units of different
    articles that share a run of COPIED_RUN words with two or more content words: one
    outlet copies the other's sentence, but every word of it may be in a quarter of
    the passages, so no term proposes the pair. In a larger story a copy shares words
    rare enough to propose it, and this pass would cost more than it finds (it changed
    no link of the 76 gold stories). Each unit's runs are made in C; only the few runs
    two units share are looked at word by word."""
    if len({(unit.article, unit.passage) for unit in units}) >= SMALL_STORY:
        return set()
    runs = [frozenset(zip(*(unit.words[k:] for k in range(COPIED_RUN)))) for unit in units]
    held = Counter(chain.from_iterable(runs))
    shared = {run for run, n in held.items() if n > 1}
    if not shared:
        return set()
    having: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for position, found in enumerate(runs):
        for run in shared.intersection(found):
            having[run].append(position)
    return {
        (a, b)
        for run, members in having.items()
        if _content_words(units[members[0]], run) >= 2
        for a, b in combinations(members, 2)
        if units[a].article != units[b].article
    }


def _content_words(unit: Unit, run: tuple[str, ...]) -> int:
    """How many of the words of `run` (a run of the unit's words) are content words."""
    words, size = unit.words, len(run)
    start = next(i for i in range(len(words) - size + 1) if words[i : i + size] == run)
    return sum(1 for head in unit.heads[start : start + size] if head)


def _quoted_word_units(
    units: Sequence[Unit], quotations: set[tuple[str, ...]]
) -> Counter[str] | None:
    """How many of the `units` have each word of the `quotations`; None where there are
    no more than MAX_POSTINGS units (most stories: no word can then be in more, so no
    quotation is too common to propose pairs, and nothing need be counted)."""
    if len(units) <= MAX_POSTINGS:
        return None
    quoted_words = {word for quotation in quotations for word in quotation}
    return Counter(chain.from_iterable(quoted_words.intersection(unit.words) for unit in units))


def _quotations(unit: Unit) -> list[tuple[str, ...]]:
    """The unit's runs of QUOTE_RUN words inside quotation marks, in order."""
    starts, words = sorted(unit.quoted), unit.words  # a run: QUOTE_RUN indices in a row
    return [
        words[start : start + QUOTE_RUN]
        for start, last in zip(starts, starts[QUOTE_RUN - 1 :])
        if last - start == QUOTE_RUN - 1
    ]


def select(units: Sequence[Unit], links: list[Link]) -> list[Link]:
    """The links, each marked `best` where each of its sentences is the other's closest
    match in its article for the things they share: no stronger link of that sentence
    to that article shares any of them. A sentence that reports two facts so keeps its
    link to the other outlet's report of each (different things shared), and a strong
    link about one thing never takes the place of the true counterpart for another:
    a stronger link takes a weaker one's place only where it shares at least TAKEN of
    the weaker one's things."""
    sides: dict[tuple[int, str], list[Link]] = defaultdict(list)
    for link in links:
        sides[(link.left, units[link.right].article)].append(link)
        sides[(link.right, units[link.left].article)].append(link)
    beaten: set[int] = set()  # ids of the links a stronger one takes the place of
    for side in sides.values():
        side.sort(key=lambda link: (-link.strength, link.left, link.right))
        for place, link in enumerate(side):
            mine = set(link.evidence)
            for stronger in side[:place]:
                common = len(mine.intersection(stronger.evidence))
                if stronger.strength > link.strength and (
                    not mine or (common and common >= TAKEN * len(mine))
                ):
                    beaten.add(id(link))
                    break
    top = strongest_towards(units, links)
    for link in links:
        link.best = id(link) not in beaten
        link.closest = (
            link.strength >= top[(link.left, units[link.right].article)]
            and link.strength >= top[(link.right, units[link.left].article)]
        )
    return links


def strongest_towards(units: Sequence[Unit], links: Iterable[Link]) -> dict[tuple[int, str], float]:
    """The strength of each sentence's strongest link towards each other article, by
    (unit, article); 0.0 where it has none. A link is its sentence's closest match
    where it is this strong (select), and the rules that let a link stand for one of
    its sentences only (found.py, dated.py) ask the same."""
    top: dict[tuple[int, str], float] = defaultdict(float)
    for link in links:
        strength = link.strength
        for here, there in ((link.left, link.right), (link.right, link.left)):
            key = (here, units[there].article)
            if strength > top[key]:
                top[key] = strength
    return top


def same_event_reason(
    link: Link, *, event_threshold: float, threshold: float, min_evidence: int
) -> str:
    """Why a link is evidence enough that its two sentences report the same event, or ''
    when it is not: a verbatim run of VERBATIM_RUN words ("verbatim"); or, where each
    sentence is the other's closest match for what they share (see select), most
    content words in common ("most-words"), `min_evidence` specific things at
    `event_threshold` where each link is the strongest of its sentences ("closest") or
    at SECOND_FACT_SCORE where one sentence has a stronger link for another fact
    ("second-fact"), or the same under `event_threshold` down to `threshold` with
    another kind of evidence agreeing: a number, a time, a phrase, a verbatim run
    ("corroborated")."""
    if link.run >= VERBATIM_RUN:
        return "verbatim"
    if not link.best:
        return ""
    if link.most_words:
        return "most-words"
    if _one_phrase(link) and link.closest and link.score >= event_threshold:
        return "phrase"
    if len(link.evidence) < min_evidence or link.score < threshold:
        return ""
    if link.score >= event_threshold:
        if link.closest:
            return "closest"
        if link.score >= SECOND_FACT_SCORE:
            return "second-fact"
        return ""
    if link.kinds & CORROBORATING:
        return "corroborated"
    return ""


def closed_triangles(
    units: Sequence[Unit], candidates: Sequence[Link], same: Sequence[Link]
) -> list[Link]:
    """The `candidates` (selected links that are not the same event on their own: under
    `event_threshold`, or not the closest match of their sentences) whose two passages
    are each the same event as one passage of a third outlet (through `same`, or through
    a link promoted so before): the third outlet's report corroborates the pair. Three
    outlets that tell one fact are so one row, not a pair and a lone link ("triangle";
    development: recall .593 -> .610 at precision .906 -> .910, split events 10 -> 6).
    Such a link only joins an event its third outlet is in; it starts none of its own
    (see align_story)."""
    partners: dict[tuple[str, str], set[tuple[str, str]]] = defaultdict(set)

    def join(link: Link) -> None:
        left, right = units[link.left], units[link.right]
        a, b = (left.article, left.passage), (right.article, right.passage)
        partners[a].add(b)
        partners[b].add(a)

    for link in same:
        join(link)
    promoted: list[Link] = []
    waiting = [link for link in candidates if link.best]
    while waiting:
        closing = [
            link
            for link in waiting
            if partners[(units[link.left].article, units[link.left].passage)]
            & partners[(units[link.right].article, units[link.right].passage)]
        ]
        if not closing:
            break
        for link in closing:
            join(link)
        promoted += closing
        closed = set(closing)
        waiting = [link for link in waiting if link not in closed]
    return promoted


def is_same_event(link: Link, *, event_threshold: float, min_evidence: int) -> bool:
    """Whether a link is the same event (see same_event_reason, with no lower threshold
    for corroborated links)."""
    return bool(
        same_event_reason(
            link,
            event_threshold=event_threshold,
            threshold=event_threshold,
            min_evidence=min_evidence,
        )
    )
