"""Outlet pages and blindspots: what the site-wide pages say about outlets.

From the stories' cards (model.StoryCard: each article's outlet, each event's
outlets) and the editor's profiles in site.yml (`outlets:`, config.OutletProfile).
Every statement is the editor's (a profile, shown as given) or counted from the
stories' links; an outlet without a profile has none shown, and an outlet without a
lean never makes a blindspot.

- outlets/<slug>/: one outlet: its profile, every article it has on the site, and how
  many events it shares with each other outlet.
- outlets/: every outlet, with its lean and how many articles it has.
- blindspots/: the stories whose outlets all lean one way, and the events only
  outlets of one lean report (no passage of an outlet of another lean linked to them
  in any tier), in stories that outlets of other leans cover too.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence

from markupsafe import Markup

from site_builder.core.config import OutletProfile
from site_builder.core.model import StoryCard
from site_builder.core.records import record
from site_builder.core.slugs import outlet_slug
from site_builder.core.strings import Strings
from site_builder.render.views import (
    IndexArticle,
    When,
    index_article,
    outlet_href,
    profiles_by_name,
    when,
)


@record(frozen=True)
class ProfileFact:
    """One line of an outlet's profile: what it is ('lean', 'owner'...) and the value."""

    kind: str
    label: Markup
    value: str


@record(frozen=True)
class OutletArticle:
    """One article of an outlet, as its page lists it."""

    story_title: str
    story_href: str
    article: IndexArticle
    date: When | None


@record(frozen=True)
class Sharing:
    """Another outlet, and how many events the two report in common."""

    name: str
    href: str
    lean: str
    events: int
    text: Markup
    """The same in words ("3 shared events")."""


@record(frozen=True)
class OutletPage:
    """One outlet's page."""

    slug: str
    name: str
    """Its name (the first, when its articles spell it several ways)."""
    also_named: tuple[str, ...]
    """The other spellings of its name its articles use."""
    lean: str
    profile: tuple[ProfileFact, ...]
    """The editor's profile (empty when the editor gives none: nothing is shown)."""
    url: str
    articles: tuple[OutletArticle, ...]
    """Newest first."""
    articles_text: Markup
    events: int
    events_text: Markup
    sharing: tuple[Sharing, ...]
    """The outlets it shares events with, most first."""
    description: str


@record(frozen=True)
class OutletEntry:
    """An outlet as the list of outlets shows it."""

    name: str
    href: str
    lean: str
    articles: Markup


@record(frozen=True)
class BlindStory:
    """A story every outlet of which leans the same way."""

    title: str
    href: str
    lean: str
    outlets: str


@record(frozen=True)
class BlindEvent:
    """An event only outlets of one lean report, in a story others cover too."""

    story_title: str
    href: str
    title: str
    lean: str
    outlets: str
    """The outlets that report it, in words."""
    others: Markup
    """The story's outlets of other leans, none of which has a passage linked to it,
    in words ("not linked in A, B"), or ''."""


@record(frozen=True)
class Blindspots:
    """The blindspots page."""

    leans: tuple[str, ...]
    """Every lean the editor gives (none: the page says no blindspot can be found)."""
    stories: tuple[BlindStory, ...]
    events: tuple[BlindEvent, ...]
    description: str


def leans_by_name(cards: Sequence[StoryCard], profiles: Sequence[OutletProfile]) -> dict[str, str]:
    """The lean of every outlet name the stories use that has one."""
    by_slug = profiles_by_name(profiles)
    names = {a.outlet for c in cards for a in c.articles} | {p.name for p in profiles}
    leans = {}
    for name in names:
        profile = by_slug.get(outlet_slug(name))
        if profile is not None and profile.lean:
            leans[name] = profile.lean
    return leans


def outlet_pages(
    cards: Sequence[StoryCard],
    profiles: Sequence[OutletProfile],
    words: Strings,
    site_language: str = "",
) -> list[OutletPage]:
    """The page of every outlet that has an article on the site, by slug (headlines in
    another language than `site_language` carry theirs)."""
    by_slug = profiles_by_name(profiles)
    leans = leans_by_name(cards, profiles)
    names, articles = _names_and_articles(cards, words, leans, site_language)
    reported, shared = _events_reported_and_shared(cards)
    pages = []
    for slug in sorted(names):
        name = sorted(names[slug])[0]
        profile = by_slug.get(slug)
        lean = profile.lean if profile else ""
        pages.append(
            OutletPage(
                slug=slug,
                name=name,
                also_named=tuple(n for n in sorted(names[slug]) if n != name),
                lean=lean,
                profile=_profile(profile, words),
                url=profile.url if profile else "",
                articles=tuple(
                    sorted(articles[slug], key=lambda a: a.date.iso if a.date else "", reverse=True)
                ),
                articles_text=words.count("outlet_articles", len(articles[slug])),
                events=reported[slug],
                events_text=words.count("outlet_events", reported[slug]),
                sharing=_sharing(shared[slug], names, by_slug, words),
                description=words.plain("outlet_description", name=name),
            )
        )
    return pages


def _names_and_articles(
    cards: Sequence[StoryCard], words: Strings, leans: Mapping[str, str], site_language: str
) -> tuple[dict[str, list[str]], dict[str, list[OutletArticle]]]:
    """Each outlet's names as its articles spell them (in the order met) and its
    articles, by the outlet's slug."""
    names: dict[str, list[str]] = defaultdict(list)
    articles: dict[str, list[OutletArticle]] = defaultdict(list)
    for card in cards:
        for a in card.articles:
            slug = outlet_slug(a.outlet)
            if a.outlet not in names[slug]:
                names[slug].append(a.outlet)
            articles[slug].append(
                OutletArticle(
                    card.title,
                    f"{card.slug}/index.html",
                    index_article(card.slug, a, site_language, leans),
                    when(a.date or "", words),
                )
            )
    return names, articles


def _events_reported_and_shared(
    cards: Sequence[StoryCard],
) -> tuple[Counter[str], dict[str, Counter[str]]]:
    """How many events each outlet reports, and how many it shares with each other
    outlet, by the outlets' slugs."""
    reported: Counter[str] = Counter()
    shared: dict[str, Counter[str]] = defaultdict(Counter)
    for card in cards:
        for event in card.events:
            slugs = sorted({outlet_slug(o) for o in event.outlets})
            reported.update(slugs)
            for one in slugs:
                shared[one].update(s for s in slugs if s != one)
    return reported, shared


def _sharing(
    shared: Counter[str],
    names: Mapping[str, list[str]],
    by_slug: Mapping[str, OutletProfile],
    words: Strings,
) -> tuple[Sharing, ...]:
    """The outlets one outlet shares events with (`shared`: how many with each, by
    slug), most first."""
    return tuple(
        Sharing(
            sorted(names[other])[0],
            outlet_href(sorted(names[other])[0]),
            by_slug[other].lean if other in by_slug else "",
            count,
            words.count("shared_events", count),
        )
        for other, count in sorted(shared.items(), key=lambda oc: (-oc[1], oc[0]))
    )


def _profile(profile: OutletProfile | None, words: Strings) -> tuple[ProfileFact, ...]:
    if profile is None:
        return ()
    facts = [
        ("lean", profile.lean),
        ("owner", profile.owner),
        ("country", profile.country),
        ("about", profile.about),
    ]
    return tuple(
        ProfileFact(kind, words.text(f"profile_{kind}"), value) for kind, value in facts if value
    )


def outlet_list(pages: Sequence[OutletPage]) -> tuple[OutletEntry, ...]:
    """Every outlet, by name, for the list of outlets."""
    return tuple(
        OutletEntry(p.name, f"outlets/{p.slug}/index.html", p.lean, p.articles_text)
        for p in sorted(pages, key=lambda p: (p.name.lower(), p.slug))
    )


def blindspots(
    cards: Sequence[StoryCard], profiles: Sequence[OutletProfile], words: Strings
) -> Blindspots:
    """The stories whose outlets all have one lean, and the events only outlets of one
    lean report in stories outlets of other leans cover (see the module's docstring)."""
    leans = leans_by_name(cards, profiles)
    stories: list[BlindStory] = []
    events: list[BlindEvent] = []
    ordered = sorted(cards, key=lambda c: (c.dates[-1] if c.dates else "", c.slug), reverse=True)
    for card in ordered:
        outlets = sorted({a.outlet for a in card.articles})
        known = {leans[o] for o in outlets if o in leans}
        if len(known) == 1 and all(o in leans for o in outlets):
            stories.append(
                BlindStory(card.title, f"{card.slug}/index.html", known.pop(), ", ".join(outlets))
            )
            continue
        if len(known) < 2:
            continue
        for event in card.events:
            lean = _one_lean(event.outlets, leans)
            if lean is None or _one_lean((*event.outlets, *event.linked), leans) != lean:
                continue
            others = [o for o in outlets if o in leans and leans[o] != lean]
            events.append(
                BlindEvent(
                    card.title,
                    f"{card.slug}/index.html#{event.id}",
                    event.title,
                    lean,
                    ", ".join(event.outlets),
                    words.text("blindspot_not_linked", outlets=", ".join(others))
                    if others
                    else Markup(""),
                )
            )
    every = sorted({p.lean for p in profiles if p.lean}, key=str.lower)
    return Blindspots(
        leans=tuple(every),
        stories=tuple(stories),
        events=tuple(events),
        description=words.plain("blindspots_description"),
    )


def _one_lean(outlets: Sequence[str], leans: Mapping[str, str]) -> str | None:
    """The one lean all `outlets` have, or None (one has none, or they differ)."""
    found = {leans.get(o) for o in outlets}
    if len(found) != 1 or None in found:
        return None
    return found.pop()
