"""Reading beyond the anchors, as built pages show it: outlet profiles and pages,
blindspots, two articles side by side, why each link, the passage search files, the
Atom feed and link-preview metadata."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit
from xml.etree import ElementTree

import pytest

from site_builder.commands.build import build
from site_builder.core.config import load_config
from site_builder.core.errors import SiteError
from site_builder.render.compare import level_pairs
from site_builder.render.search import search_data
from tests.conftest import text_of, tree_bytes, write_article

PROFILES = """\
outlets:
  Alpha News:
    lean: left
    owner: Alpha Media Group
    country: Freedonia
    url: https://alpha.example/
    about: A daily paper of the capital.
  Beta Daily: {lean: left}
  Gamma Post: {lean: right}
"""


def leaning_site(root: Path, settings: str = "") -> Path:
    """Two stories by three outlets, two of them leaning left and one right (and an
    outlet with no profile in a third story): 'harbour' (all three; two events only the
    left report, one the right shares), 'bridge' (only the left), 'ferry' (Alpha and
    the undescribed Delta Wire). Returns site.yml."""
    (root / "site.yml").write_text(f"title: Lean test\n{settings}{PROFILES}", encoding="utf-8")
    harbour = root / "content" / "harbour"
    harbour.mkdir(parents=True)
    (harbour / "_story.md").write_text("---\ntitle: The harbour vote\n---\n\nThree outlets.\n")
    write_article(
        harbour,
        "alpha",
        """
        The Freedonia council approved the Kessler harbour plan by 14 votes to 9 on Tuesday.

        Mayor Ingrid Haldane said the new Marrow Bridge would open in 2027 at a cost of 312 million.

        The weather was mild and cafés along the quay were full.
        """,
        outlet="Alpha News",
        date="2024-05-02",
    )
    write_article(
        harbour,
        "beta",
        """
        By 14 votes to 9, the Freedonia council on Tuesday approved the Kessler harbour plan.

        Haldane, the mayor, promised the Marrow Bridge would open in 2027 and cost 312 million.

        Fishermen from Port Elling protested outside the town hall against the dredging.
        """,
        outlet="Beta Daily",
        date="2024-05-03",
    )
    write_article(
        harbour,
        "gamma",
        """
        Fishermen from Port Elling staged a protest outside the town hall against the dredging.

        Critics called the council meeting a farce and a waste of public money.
        """,
        outlet="Gamma Post",
        date="2024-05-04",
    )
    bridge = root / "content" / "bridge"
    bridge.mkdir(parents=True)
    (bridge / "_story.md").write_text("---\ntitle: The bridge opening\n---\n\nTwo outlets.\n")
    write_article(
        bridge,
        "alpha",
        """
        The Marrow Bridge in Kessler opened on Friday after nine years of construction work.

        Mayor Ingrid Haldane cut the ribbon in front of 4,000 people.
        """,
        outlet="Alpha News",
        date="2027-06-04",
    )
    write_article(
        bridge,
        "beta",
        """
        Nine years after construction work began, the Marrow Bridge in Kessler opened on Friday.

        Before 4,000 people, Mayor Ingrid Haldane cut the ribbon.
        """,
        outlet="Beta Daily",
        date="2027-06-05",
    )
    ferry = root / "content" / "ferry"
    ferry.mkdir(parents=True)
    (ferry / "_story.md").write_text("---\ntitle: The ferry strike\n---\n\nTwo outlets.\n")
    write_article(
        ferry,
        "alpha",
        "Ferry crews in Kessler walked out on Monday over a 6 per cent pay offer.",
        outlet="Alpha News",
        date="2025-01-06",
    )
    write_article(
        ferry,
        "delta",
        "On Monday ferry crews in Kessler walked out, rejecting a 6 per cent pay offer.",
        outlet="Delta Wire",
        date="2025-01-07",
    )
    return root / "site.yml"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The leaning site built, with a site_url and a report_url: its output folder."""
    root = tmp_path_factory.mktemp("leaning")
    config = load_config(
        leaning_site(
            root,
            "site_url: https://news.example\n"
            "report_url: https://github.com/owner/repo/issues/new\n"
            "pair_pages: true\n",
        )
    )
    build(config)
    return config.output_path


def page(output: Path, path: str) -> str:
    return (output / path).read_text(encoding="utf-8")


def reads(html: str) -> str:
    """The text of `html` as it reads: tags dropped (a marked word is still in its
    sentence), white space collapsed."""
    return " ".join(re.sub(r"<[^>]+>", "", html).split())


# ---- site.yml: outlets and report_url validated like the rest ----


@pytest.mark.parametrize(
    "text, message",
    [
        (
            "outlets:\n  Alpha News:\n    leaning: left\n",
            "site.yml:4: unknown key 'outlets.Alpha News.leaning'; allowed keys: about, "
            "country, lean, owner, url",
        ),
        ("outlets:\n  Alpha News: {url: alpha.example}\n", "'outlets.Alpha News.url' must start"),
        ("outlets:\n  Alpha News: {lean: [a, b]}\n", "'outlets.Alpha News.lean'"),
        ("outlets: [Alpha News]\n", "'outlets' must map each outlet's name"),
        (
            "outlets:\n  Alpha News: {lean: left}\n  ALPHA  news: {lean: right}\n",
            "site.yml:4: 'outlets.ALPHA  news' and 'outlets.Alpha News' would share the page "
            "outlets/alpha-news/",
        ),
        ("report_url: issues/new\n", "'report_url' must start with http:// or https://"),
    ],
)
def test_outlets_and_report_url_are_checked_naming_the_key(tmp_path, text, message):
    (tmp_path / "site.yml").write_text("title: T\n" + text, encoding="utf-8")
    with pytest.raises(SiteError) as error:
        load_config(tmp_path / "site.yml")
    assert message in str(error.value)


def test_an_outlet_may_be_named_with_no_profile_at_all(tmp_path):
    (tmp_path / "site.yml").write_text("title: T\noutlets:\n  Delta Wire:\n", encoding="utf-8")
    config = load_config(tmp_path / "site.yml")
    assert config.outlet("Delta Wire").lean == ""


# ---- outlets: lean beside the name, a page each ----


def test_pages_show_the_lean_beside_the_outlets_name(built):
    article = page(built, "harbour/gamma/index.html")
    meta = re.search(r'<p class="article-meta">(.*?)</p>', article).group(1)
    assert text_of(meta).startswith("Gamma Post right")
    assert 'href="../../outlets/gamma-post/index.html"' in meta
    story = page(built, "harbour/index.html")
    heads = re.findall(r'<p class="head-outlet">(.*?)</p>', story)
    assert [text_of(h) for h in heads] == ["Alpha News left", "Beta Daily left", "Gamma Post right"]
    event = re.search(r'<section class="event" id="g-3".*?</section>', story, re.S).group(0)
    members = re.findall(r"<div>(<a .*?)(?:<p>|\n)", event)
    assert [text_of(m) for m in members] == ["Beta Daily left", "Gamma Post right"]


def test_an_outlet_page_has_its_profile_every_article_and_the_events_it_shares(built):
    alpha = page(built, "outlets/alpha-news/index.html")
    profile = re.findall(r"<dt>(.*?)</dt><dd[^>]*>(.*?)</dd>", alpha)
    assert [(term, reads(value)) for term, value in profile] == [
        ("Lean", "left"),
        ("Owner", "Alpha Media Group"),
        ("Country", "Freedonia"),
        ("About", "A daily paper of the capital."),
        ("Home page", "https://alpha.example/"),
    ]
    articles = re.search(r'<ul class="outlet-articles">.*?</ul>', alpha, re.S).group(0)
    hrefs = re.findall(r'<a href="\.\./\.\./([^"]+/alpha/index\.html)"', articles)
    assert hrefs == [
        "bridge/alpha/index.html",
        "ferry/alpha/index.html",
        "harbour/alpha/index.html",
    ]
    sharing = text_of(re.search(r'<ul class="sharing">.*?</ul>', alpha, re.S).group(0))
    # harbour: 2 events with Beta; bridge: 2 with Beta; ferry: 1 with Delta; none with Gamma
    assert sharing == "Beta Daily left : 4 shared events Delta Wire : 1 shared event"


def test_an_outlet_without_a_profile_shows_none(built):
    delta = page(built, "outlets/delta-wire/index.html")
    assert 'class="profile"' not in delta
    assert re.search(r"<h1>(.*?)</h1>", delta).group(1) == "Delta Wire"
    assert "Delta Wire" in page(built, "outlets/index.html")
    ferry = page(built, "ferry/delta/index.html")
    assert 'class="lean"' not in re.search(r'<p class="article-meta">(.*?)</p>', ferry).group(1)


def test_the_home_page_says_which_leans_cover_each_story(built):
    home = page(built, "index.html")
    cards = dict(
        re.findall(r'data-story="([^"]+)">.*?<span class="leans">(.*?)</span>', home, re.S)
    )
    assert cards == {
        "bridge": "Leans covering it: left",
        "harbour": "Leans covering it: left, right",
        "ferry": "Leans covering it: left",
    }


def test_blindspots_list_stories_and_events_of_one_lean_only(built):
    spots = page(built, "blindspots/index.html")
    stories = re.search(r'<ul class="blind-stories">.*?</ul>', spots, re.S).group(0)
    assert re.findall(r'href="\.\./([^"]+)"', stories) == ["bridge/index.html"]  # not ferry:
    events = re.search(r'<ul class="blind-events">.*?</ul>', spots, re.S).group(0)  # Delta
    assert re.findall(r'href="\.\./([^"]+)"', events) == [  # has no lean
        "harbour/index.html#g-1",
        "harbour/index.html#g-2",
    ]
    assert "not linked in Gamma Post" in text_of(events)


def test_without_leans_the_blindspots_page_says_it_cannot_find_any(site):
    build(load_config(site / "site.yml"))
    spots = (site / "output" / "blindspots" / "index.html").read_text()
    assert "lean is given, so no blindspot can be found" in spots


# ---- two articles side by side ----


def test_every_pair_of_articles_has_a_page_linked_from_both_articles(built):
    pairs = sorted(p.parent.name for p in (built / "harbour" / "compare").glob("*/index.html"))
    assert pairs == ["alpha--beta", "alpha--gamma", "beta--gamma"]
    for slug in ("alpha", "beta", "gamma"):
        article = page(built, f"harbour/{slug}/index.html")
        links = re.findall(r'href="\.\./(compare/[^"]+)"', article)
        assert links == [f"compare/{p}/index.html" for p in pairs if slug in p.split("--")]


def test_the_pair_page_holds_both_articles_in_full_with_shared_words_marked(built):
    pair = page(built, "harbour/compare/alpha--beta/index.html")
    text = reads(pair)
    for slug in ("alpha", "beta"):
        source = (built.parent / "content" / "harbour" / f"{slug}.md").read_text()
        for paragraph in source.split("---")[-1].strip().split("\n\n"):
            assert " ".join(paragraph.split()) in text
    level = re.findall(
        r'<div class="row level">(.*?)\n</div>\n(?=<div class="row|</div>)', pair, re.S
    )
    assert len(level) == 2
    first = level[0]
    assert 'id="l-p-1" data-with="r-p-1"' in first and 'id="r-p-1" data-with="l-p-1"' in first
    marked = re.findall(r"<mark>([^<]+)</mark>", first)
    assert marked[:2] == ["Freedonia council approved", "Kessler harbour plan"]  # left
    assert "The weather" not in " ".join(marked)


def test_without_pair_pages_in_site_yml_no_pair_page_is_written_or_linked(site):
    build(load_config(site / "site.yml"))
    story = site / "output" / "talks"
    assert (story / "index.html").is_file() and not (story / "compare").exists()
    for article in story.glob("*/index.html"):
        assert "compare/" not in article.read_text()


def test_pair_pages_must_be_true_or_false(tmp_path):
    (tmp_path / "site.yml").write_text("title: T\npair_pages: yes\n", encoding="utf-8")
    with pytest.raises(SiteError, match="'pair_pages' must be true or false, got 'yes'"):
        load_config(tmp_path / "site.yml")


def test_crossing_links_keep_the_largest_set_that_can_stand_level():
    assert level_pairs([(0, 2), (1, 0), (2, 1), (3, 3)]) == [(1, 0), (2, 1), (3, 3)]
    assert level_pairs([(0, 0), (0, 1), (1, 1)]) == [(0, 0), (1, 1)]
    assert level_pairs([]) == []


# ---- why each link, and a way to report a wrong one ----


def test_each_event_says_why_its_passages_are_linked(built):
    story = page(built, "harbour/index.html")
    event = re.search(r'<section class="event" id="g-2".*?</section>', story, re.S).group(0)
    why = reads(re.search(r"</div>\n<details>.*?</details>", event, re.S).group(0))
    assert why.startswith("Why linked") and "Similarity " in why
    assert re.search(r"numbers: [^;]*\b312\b", why)
    # 2027 is a number, or inside the verbatim run the two passages share
    assert re.search(r"(numbers|phrases): [^;]*\b2027\b", why)
    assert "numbers: Marrow" not in why  # a run of words is no number
    assert "Haldane" in why
    # the article page says it once, on the comparison page: each event its passages
    # report links to the event's block there, which says why
    article = page(built, "harbour/alpha/index.html")
    assert "Why linked" not in article
    rows = re.findall(r'<a href="\.\./index\.html#(g-\d+)"[ >]', article)
    assert len(set(rows)) == 2 and "g-2" in rows


def test_report_url_prefills_the_story_event_and_passages(built):
    story = page(built, "harbour/index.html")
    event = re.search(r'<section class="event" id="g-1".*?</section>', story, re.S).group(0)
    href = re.search(r'<a class="report" href="([^"]+)"', event).group(1).replace("&amp;", "&")
    parts = urlsplit(href)
    assert (parts.scheme, parts.netloc, parts.path) == (
        "https",
        "github.com",
        "/owner/repo/issues/new",
    )
    query = parse_qs(parts.query)
    assert query["title"] == ["Wrong link: harbour g-1"]
    body = query["body"][0]
    assert "Story: The harbour vote (harbour)" in body
    assert "Event: g-1:" in body
    assert "- Alpha News, alpha/p-1: The Freedonia council" in body
    assert "- Beta Daily, beta/p-1: By 14 votes to 9" in body
    assert "Page: https://news.example/harbour/#g-1" in body


def test_without_report_url_there_is_no_report_link(site):
    build(load_config(site / "site.yml"))
    assert 'class="report"' not in (site / "output" / "talks" / "index.html").read_text()


# ---- search files, feed, metadata ----


def test_every_passage_is_in_its_storys_search_file_and_not_on_the_home_page(built):
    data = search_data((built / "harbour" / "search.js").read_bytes())
    assert data["slug"] == "harbour"
    assert [a[0] for a in data["a"]] == ["alpha", "beta", "gamma"]
    assert len(data["p"]) == 8
    assert [
        2,
        "p-2",
        "Critics called the council meeting a farce and a waste of public money.",
    ] in (data["p"])
    assert "farce" not in page(built, "index.html")


def test_the_feed_lists_stories_newest_first_and_every_page_links_to_it(built):
    feed = ElementTree.fromstring((built / "feed.xml").read_bytes())
    atom = "{http://www.w3.org/2005/Atom}"
    entries = feed.findall(f"{atom}entry")
    assert [e.find(f"{atom}title").text for e in entries] == [
        "The bridge opening",
        "The ferry strike",
        "The harbour vote",
    ]
    assert entries[0].find(f"{atom}link").get("href") == "https://news.example/bridge/"
    assert entries[0].find(f"{atom}updated").text == "2027-06-05T00:00:00Z"
    pages = [p for p in built.rglob("*.html")]
    assert len(pages) > 15
    for path in pages:
        assert (
            '<link rel="alternate" type="application/atom+xml" '
            'href="https://news.example/feed.xml"' in path.read_text()
        ), path


def test_pages_carry_opengraph_and_twitter_card_metadata(built):
    story = page(built, "harbour/index.html")
    assert '<meta property="og:type" content="article">' in story
    assert '<meta property="og:url" content="https://news.example/harbour/">' in story
    assert '<meta name="twitter:card" content="summary">' in story
    assert '<meta property="og:title" content="The harbour vote">' in story  # X reads it too
    assert '<meta property="og:type" content="website">' in page(built, "index.html")


def test_without_site_url_the_feed_uses_relative_addresses(site):
    build(load_config(site / "site.yml"))
    feed = ElementTree.fromstring((site / "output" / "feed.xml").read_bytes())
    atom = "{http://www.w3.org/2005/Atom}"
    entry = feed.find(f"{atom}entry")
    assert entry.find(f"{atom}link").get("href") == "talks/"
    assert entry.find(f"{atom}id").text == "urn:site-builder:story:talks"
    story = (site / "output" / "talks" / "index.html").read_text()
    assert 'href="../feed.xml" title="Stories (Atom feed)"' in story


def test_two_builds_of_the_leaning_site_are_byte_identical(tmp_path):
    config = load_config(leaning_site(tmp_path, "report_url: https://x.example/new\n"))
    build(config)
    first = tree_bytes(config.output_path)
    build(config, cache=None)
    assert tree_bytes(config.output_path) == first


def test_a_story_of_many_articles_pairs_each_with_those_it_shares_most_with(tmp_path):
    """Every pair of 16 articles would be 120 pages; each article gets its 6 partners of
    most shared events instead (those sharing none get no page), linked both ways."""
    (tmp_path / "site.yml").write_text("title: Many\npair_pages: true\n", encoding="utf-8")
    story = tmp_path / "content" / "many"
    story.mkdir(parents=True)
    events = [
        "The Lisbon council approved the Tagus ferry contract by 14 votes on Tuesday.",
        "Firefighters in Tallinn rescued 37 sailors from the burning freighter Aurora.",
        "Oaxaca's governor Ramírez opened the 9-kilometre Mitla tunnel after a decade.",
        "Cocoa farmers near Kumasi struck over a 12 per cent cut in Ashanti prices.",
    ]
    fillers = "alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima".split()
    for n in range(16):
        filler = " ".join(fillers[(n + k) % 12] + str(n) for k in range(8))
        write_article(
            story,
            f"a{n:02d}",
            f"{events[n % 4]}\n\nUnrelated note {filler}.",  # four groups of four
            outlet=f"Outlet {n:02d}",
        )
    build(load_config(tmp_path / "site.yml"))
    output = tmp_path / "output" / "many"
    pairs = {p.parent.name for p in (output / "compare").glob("*/index.html")}
    assert pairs == {
        f"a{a:02d}--a{b:02d}" for a in range(16) for b in range(a + 1, 16) if a % 4 == b % 4
    }
    for n in range(16):
        article = (output / f"a{n:02d}" / "index.html").read_text()
        linked = set(re.findall(r'href="\.\./compare/([^/]+)/index\.html"', article))
        assert linked == {p for p in pairs if f"a{n:02d}" in p.split("--")}
