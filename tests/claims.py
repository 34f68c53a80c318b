"""The claims a built comparison page makes about its outlets, read from its HTML.

Used by test_claims_audit.py (against hand-checked lists) and to measure a site built
before a change (`python -m tests.claims SITE CONTENT LIST.yaml`, LIST.yaml a list in
tests/data/claims/). Read as a reader reads the page:
the framing table (loaded words, people quoted), the per-outlet coverage ("leaves
out"), and each event's title and time.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import lxml.html


@dataclass
class PageClaims:
    """What one comparison page says, by outlet name."""

    loaded: dict[str, dict[tuple[str, str], int]] = field(default_factory=dict)
    """Per outlet: (word, voice) -> count; voice 'own' or 'quoted' ('own' where the page
    does not say: a bare "war ×5" charges the outlet with the word)."""
    people: dict[str, list[str]] = field(default_factory=dict)
    leaves_out: dict[str, list[str]] = field(default_factory=dict)
    """Per outlet: the titles of the events the page says it leaves out."""
    not_linked: dict[str, list[tuple[str, list[str]]]] = field(default_factory=dict)
    """Per outlet: the events the page says it is only not linked to, though every other
    outlet reports them, as (title, the passage ids it says may report it)."""
    titles: list[str] = field(default_factory=list)
    times: dict[str, str] = field(default_factory=dict)
    """Event title -> the ISO time the page gives it (events with a time only)."""


def _text(element) -> str:
    return " ".join(element.text_content().split())


def _classes(element) -> set[str]:
    return set((element.get("class") or "").split())


def page_claims(path: Path) -> PageClaims:
    """The claims of the comparison page at `path` (see PageClaims)."""
    doc = lxml.html.parse(str(path)).getroot()
    claims = PageClaims()
    for row in doc.xpath("//table[contains(@class,'framing-table')]/tbody/tr"):
        outlet = _text(row.xpath("./th")[0])
        cells = row.xpath("./td")
        claims.people[outlet] = _people(cells[1])
        claims.loaded[outlet] = _loaded(cells[2])
    for item in doc.xpath("//ul[contains(@class,'outlet-coverage')]/li"):
        outlet = _text(item.xpath("./strong")[0])
        marked = item.xpath(".//*[contains(@class,'leaves-out')]")
        # a page without the leaves-out mark (built before it) says it of the whole item
        newer = doc.xpath("//*[@class='passage-link' or contains(@class,'not-linked')]")
        scope = marked if marked or newer else [item]
        claims.leaves_out[outlet] = [
            _text(a)
            for s in scope
            for a in s.xpath(".//a[starts-with(@href,'#')]")
            if not a.xpath("ancestor::details")
        ]
        claims.not_linked[outlet] = _not_linked(item)
    events = "//section[contains(@class,'events')]/section[contains(@class,'event')]"
    for event in doc.xpath(events):
        title = _text(event.xpath(".//h3")[0])
        claims.titles.append(title)
        time = event.xpath("./h3/following-sibling::p[1]/time")
        if time:
            claims.times[title] = time[0].get("datetime")
    return claims


def _not_linked(item) -> list[tuple[str, list[str]]]:
    """The 'Not linked, though every other outlet reports it' line of an outlet: each
    event's title with the passages (ids) that may report it."""
    found: list[tuple[str, list[str]]] = []
    for a in item.xpath(".//*[contains(@class,'not-linked')]//a"):
        href = a.get("href") or ""
        if href.startswith("#"):
            found.append((_text(a), []))
        elif found and "#" in href:
            found[-1][1].append(href.rsplit("#", 1)[1])
    return found


def _people(cell) -> list[str]:
    names = cell.xpath(".//*[contains(@class,'person')]")
    if names:
        return [_text(n) for n in names]
    items = cell.xpath(".//ul[contains(@class,'people')]/li")
    if items:  # since round eleven a name is its item's text before the passages' links
        return [" ".join((item.text or "").split()) for item in items]
    text = re.sub(r"×\d+", "", _text(cell))
    return [n.strip() for n in text.split(",") if n.strip() and n.strip() != "—"]


def _loaded(cell) -> dict[tuple[str, str], int]:
    found: dict[tuple[str, str], int] = {}
    for word in cell.xpath(".//*[contains(@class,'ld')]"):
        voice = next(
            (a.get("data-voice") for a in word.iterancestors() if a.get("data-voice")), "own"
        )
        tail = word.tail or ""
        following = word.getnext()
        text = tail + (_text(following) if following is not None else "")
        match = re.search(r"×\s*(\d+)", text)
        found[(_text(word), voice)] = int(match.group(1)) if match else 1
    return found


# ---- the audit: what the page says against what a reader finds by hand ----

KINDS = ("loaded words", "people quoted", "omissions", "event times", "titles")


@dataclass
class Tally:
    """Claims of one kind: how many were checked, which were true, false, unjudged."""

    true: list[str] = field(default_factory=list)
    false: list[str] = field(default_factory=list)
    unjudged: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    """What the hand list holds and the page does not say (people not listed)."""

    @property
    def checked(self) -> int:
        return len(self.true) + len(self.false) + len(self.unjudged)


def squash(text: str) -> str:
    """Text as phrases are found in it: folded, quotation marks and spaces aside."""
    from site_builder.align.normalise import fold

    return " ".join(re.sub(r"[\"'“”‘’«»*]", "", fold(text)).split())


def audit(site: Path, truth: dict, story, gold) -> dict[str, Tally]:
    """The claims the comparison page of `story` in the built `site` makes, judged:
    loaded words and people against the hand lists in `truth`, omissions against the
    `gold` events (and `truth["omission_claims"]`), times against the hand-dated facts
    in `truth["times"]` (and `truth["time_claims"]`), titles by their rules."""
    import json

    claims = page_claims(site / story.slug / "index.html")
    data = json.loads((site / "alignments.json").read_text(encoding="utf-8"))
    groups = next(s for s in data["stories"] if s["slug"] == story.slug)["groups"]
    by_title = {_plain_title(g["label"]): g for g in groups}
    slugs = {a.outlet: a.slug for a in story.articles}
    result = {kind: Tally() for kind in KINDS}
    _audit_loaded(claims, truth, slugs, result["loaded words"])
    _audit_people(claims, truth, slugs, result["people quoted"])
    _audit_omissions(claims, truth, slugs, by_title, gold, result["omissions"])
    _audit_times(claims, truth, story, by_title, result["event times"])
    _audit_titles(claims, story, by_title, result["titles"])
    return result


def _plain_title(title: str) -> str:
    return " ".join(title.split())


def _audit_loaded(claims: PageClaims, truth: dict, slugs: dict, tally: Tally) -> None:
    for outlet, found in claims.loaded.items():
        counted = truth["loaded"].get(slugs[outlet], {})
        said = dict(found)
        for word, (own, _) in counted.items():
            if own:
                said.setdefault((word, "own"), 0)  # the page says it does not use it
        for (word, voice), count in sorted(said.items()):
            hand = counted.get(word, [0, 0])[0 if voice == "own" else 1]
            claim = f"{outlet}: {word} ({voice}) ×{count}"
            (tally.true if hand == count else tally.false).append(f"{claim}, by hand {hand}")


def _audit_people(claims: PageClaims, truth: dict, slugs: dict, tally: Tally) -> None:
    for outlet, names in claims.people.items():
        slug = slugs[outlet]
        wanted = truth["people"].get(slug, [])
        allowed = {n.lower() for n in wanted + truth.get("optional_people", {}).get(slug, [])}
        shown = {name.split()[-1].lower() for name in names}
        for name in names:
            right = name.split()[-1].lower() in allowed
            (tally.true if right else tally.false).append(f"{outlet} quotes {name}")
        tally.missed.extend(f"{outlet}: {n}" for n in wanted if n.lower() not in shown)


def _audit_omissions(
    claims: PageClaims, truth: dict, slugs: dict, by_title: dict, gold, tally: Tally
) -> None:
    hand = truth.get("omission_claims", {})
    for outlet, titles in claims.leaves_out.items():
        for title in titles:
            claim = f"{outlet} leaves out “{title}”"
            verdict = _gold_omission(by_title.get(_plain_title(title)), slugs[outlet], gold)
            if verdict is None:
                verdict = next((v for t, v in hand.items() if title.startswith(t)), None)
            if verdict is None:
                tally.unjudged.append(claim)
            else:
                (tally.true if verdict else tally.false).append(claim)


def _gold_omission(group: dict | None, slug: str, gold) -> bool | None:
    """Whether the gold says `slug` reports none of the events the group's members
    report together (None when the group matches no gold event)."""
    if group is None or gold is None:
        return None
    keys = {(m["article"], m["passage"]) for m in group["members"]}
    events = [e for e in gold.events if len(keys & set(e.passages)) >= 2] or [
        e for e in gold.events if keys & set(e.passages)
    ]
    if not events:
        return None
    return not any(article == slug for e in events for article, _ in e.passages)


def _audit_times(claims: PageClaims, truth: dict, story, by_title: dict, tally: Tally) -> None:
    import datetime as dt

    facts = [(squash(f["phrase"]), str(f["date"])) for f in truth.get("times", [])]
    hand = truth.get("time_claims", {})
    for title, iso in claims.times.items():
        claim = f"“{title}” is about {iso}"
        group = by_title.get(_plain_title(title))
        members = [
            [
                squash(story.article(m["article"]).passage(m["passage"]).sentences[i])
                for i in m["sentences"]
            ]
            for m in (group["members"] if group else [])
        ]
        dated = [
            [date for phrase, date in facts if any(phrase in s for s in sentences)]
            for sentences in members
        ]
        dated = [dates for dates in dated if dates]
        first, last = _span(iso, dt)

        def within(date: str, first=first, last=last) -> bool:
            return first <= _span(date, dt)[0] and _span(date, dt)[1] <= last

        if dated:  # each member that dates its sentences dates one of them within
            agree = all(any(within(d) for d in dates) for dates in dated)
            (tally.true if agree else tally.false).append(f"{claim}; facts {dated}")
        elif (
            verdict := next((v for t, v in hand.items() if title.startswith(t)), None)
        ) is not None:
            (tally.true if verdict else tally.false).append(claim)
        else:
            tally.unjudged.append(claim)


def _span(iso: str, dt) -> tuple:
    """The first and last day an ISO date, month or year names."""
    parts = [int(p) for p in iso.split("-")]
    if len(parts) == 3:
        day = dt.date(*parts)
        return day, day
    if len(parts) == 2:
        first = dt.date(parts[0], parts[1], 1)
        following = dt.date(parts[0] + parts[1] // 12, parts[1] % 12 + 1, 1)
        return first, following - dt.timedelta(days=1)
    return dt.date(parts[0], 1, 1), dt.date(parts[0], 12, 31)


STOP_WORDS = frozenset(
    "a an the and or but of to in on at for with by from as that which who is are was were "
    "be been has have had will would should could may might must can do does did not no "
    "its his her their our your my this these those it he she they we you i".split()
)
_BREAKS = set(",;:—–()-.!?")


def title_defects(title: str, sources: list[str], others: list[str]) -> list[str]:
    """What is wrong with an event title, by the rules a reader holds titles to: 3 to 14
    words; in the words of a member (`sources`: its passages); an ellipsis where it
    starts or stops inside a clause; not ending on a stop word where cut; unlike the
    story's other titles (`others`)."""
    core = title.strip("… ")
    words = [w for w in core.split() if any(c.isalnum() for c in w)]
    found = []
    if not 3 <= len(words) <= 14:
        found.append("length")
    if squash(core) in {squash(o.strip("… ")) for o in others}:
        found.append("repeated")
    plain = squash(core)
    source = next((squash(s) for s in sources if plain in squash(s)), None)
    if source is None:
        found.append("not in a member's words")
        return found
    at = source.index(plain)
    before, after = source[:at].rstrip(), source[at + len(plain) :].lstrip()
    first_word = words[0].lower() if words else ""
    inside = before and before[-1] not in _BREAKS and first_word not in ("and", "but")
    if inside and not title.startswith("…"):
        found.append("starts inside a clause")
    if after and after[0] not in _BREAKS:
        if not title.endswith("…"):
            found.append("stops inside a clause")
        if words and words[-1].lower().strip(".,") in STOP_WORDS:
            found.append("cut after a stop word")
    return found


def _audit_titles(claims: PageClaims, story, by_title: dict, tally: Tally) -> None:
    for index, title in enumerate(claims.titles):
        group = by_title.get(_plain_title(title))
        sources = [
            story.article(m["article"]).passage(m["passage"]).text
            for m in (group["members"] if group else [])
        ]
        others = claims.titles[:index] + claims.titles[index + 1 :]
        defects = title_defects(title, sources, others)
        (tally.false if defects else tally.true).append(f"“{title}” {defects or ''}".strip())


TRUTH = Path(__file__).parent / "data" / "claims"
GOLD = Path(__file__).parent / "gold"


def audit_story(site: Path, content: Path, truth_file: Path) -> dict[str, Tally]:
    """The audit of one story's page in `site`, its articles read from `content`."""
    import yaml

    from site_builder.align.gold import load_gold
    from site_builder.read.content import read_story

    truth = yaml.safe_load(truth_file.read_text(encoding="utf-8"))
    story = read_story(content / truth["story"])
    gold = load_gold(GOLD / truth["gold"], story) if truth.get("gold") else None
    return audit(site, truth, story, gold)


def table(results: list[dict[str, Tally]]) -> str:
    """The audit's figures per kind of claim, as a Markdown table."""
    lines = ["| claims | checked | true | false | unjudged |", "|---|---|---|---|---|"]
    for kind in KINDS:
        tallies = [r[kind] for r in results]
        counts = [sum(t.checked for t in tallies), sum(len(t.true) for t in tallies)]
        counts += [sum(len(t.false) for t in tallies), sum(len(t.unjudged) for t in tallies)]
        lines.append(f"| {kind} | " + " | ".join(str(n) for n in counts) + " |")
    return "\n".join(lines)


USAGE = """usage: python -m tests.claims SITE CONTENT LIST.yaml [SITE CONTENT LIST.yaml ...]

Audit the claims a built story's page makes against a list checked by hand: three
arguments per story (the built site's folder, the content folder it was built from, and
the list's file name in tests/data/claims/), e.g. after building the bundled site:
python -m tests.claims output content istanbul-talks.yaml"""

if __name__ == "__main__":  # python -m tests.claims SITE CONTENT TRUTH.yaml ...
    if not sys.argv[1:] or len(sys.argv[1:]) % 3 or "-h" in sys.argv or "--help" in sys.argv:
        print(USAGE, file=sys.stderr)
        sys.exit(2)
    results = []
    for site_dir, content_dir, truth_name in zip(*[iter(sys.argv[1:])] * 3):
        result = audit_story(Path(site_dir), Path(content_dir), TRUTH / truth_name)
        results.append(result)
        for kind, tally in result.items():
            for claim in tally.false + tally.unjudged:
                print(f"{truth_name}: {kind}: {'FALSE' if claim in tally.false else '?'} {claim}")
            for missing in tally.missed:
                print(f"{truth_name}: {kind}: missed {missing}")
    print(table(results))
