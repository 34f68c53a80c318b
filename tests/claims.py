"""The claims a built comparison page makes about its outlets, read from its HTML.

Used by test_claims_audit.py (against hand-checked lists) and to measure a site built
before a change (`python -m tests.claims SITE STORY`). Read as a reader reads the page:
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
        scope = marked if marked or doc.xpath("//*[@class='passage-link']") else [item]
        claims.leaves_out[outlet] = [
            _text(a)
            for s in scope
            for a in s.xpath(".//a[starts-with(@href,'#')]")
            if not a.xpath("ancestor::details")
        ]
    events = "//section[contains(@class,'events')]/section[contains(@class,'event')]"
    for event in doc.xpath(events):
        title = _text(event.xpath(".//h3")[0])
        claims.titles.append(title)
        time = event.xpath(".//p[contains(@class,'event-meta')]/time")
        if time:
            claims.times[title] = time[0].get("datetime")
    return claims


def _people(cell) -> list[str]:
    names = cell.xpath(".//*[contains(@class,'person')]")
    if names:
        return [_text(n) for n in names]
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


if __name__ == "__main__":
    found = page_claims(Path(sys.argv[1]) / sys.argv[2] / "index.html")
    for claim_kind, value in vars(found).items():
        print(claim_kind, value)
