"""`site-builder import html | url`: articles from saved web pages (tests/data/pages, all
invented for these tests), and from addresses served on 127.0.0.1: never the network."""

from __future__ import annotations

import functools
import http.server
import importlib.util
import sys
import threading
from pathlib import Path

import pytest
import yaml

from site_builder.commands.cli import main
from site_builder.read.content import read_story

PAGES = Path(__file__).parent.parent / "data" / "pages"
GAZETTE = PAGES / "gazette-ferry-returns.html"
COASTLINE = PAGES / "coastline-night-ferry.html"
NOT_THE_ARTICLE = [  # what is on the pages around the articles
    "Subscribe",
    "Sport",
    "harbour reporter",
    "Share",
    "Photo:",
    "Ivo Trembath",
    "Ana Rowe",
    "More from the harbour",
    "Related stories",
    "morning briefing",
    "grandmother",
    "entirely predictable",
    "About time",
    "reserve runs out",
    "comments",
    "All rights reserved",
    "Privacy",
    "Tips:",
    "©",
]

needs_trafilatura = pytest.mark.skipif(
    importlib.util.find_spec("trafilatura") is None,
    reason="trafilatura not installed: pip install -e '.[test]' (or '.[import]')",
)


def front_matter_and_body(path: Path) -> tuple[dict, str]:
    _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
    return yaml.safe_load(front), body


@needs_trafilatura
def test_a_folder_of_saved_pages_becomes_one_article_file_each(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)  # run where the site is being made
    content = tmp_path / "content"
    assert main(["import", "html", str(PAGES), "--story", "ferry", "--output", str(content)]) == 0
    story = content / "ferry"
    gazette = story / "harbour-ferry-returns-after-storm-repairs.md"
    coastline = story / "council-votes-to-keep-night-ferry.md"
    assert sorted(story.iterdir()) == [coastline, gazette]

    meta, body = front_matter_and_body(gazette)
    assert meta == {
        "title": "Harbour ferry returns after storm repairs",
        "outlet": "The Gull Island Gazette",
        "author": "Mara Penhallow",
        "date": "2023-04-13",
        "url": "https://gazette.example/2023/04/ferry-returns",
        "lang": "en",
    }
    assert body.strip().split("\n\n") == [
        "The ferry Saltwren sailed into Gull Island harbour on Thursday morning, six weeks "
        "after the February storm tore away part of her loading ramp.",
        "Harbourmaster Selwyn Odell said 140 passengers made the first crossing, and that the "
        "timetable of four sailings a day would resume on Monday.",
        "## A costly winter",
        "The repairs cost the island council 2.3 million crowns, more than the whole harbour "
        "budget for the year, and councillors will vote in May on how to cover the difference.",
        '"We asked people to be patient, and they were," Odell said. "Now the island is '
        'connected again."',
    ]
    meta, body = front_matter_and_body(coastline)
    assert meta["author"] == "Jory Kessell" and meta["date"] == "2023-05-04"  # from JSON-LD
    assert meta["outlet"] == "Coastline Daily"
    for text in (gazette.read_text(), coastline.read_text()):
        for chrome in NOT_THE_ARTICLE:
            assert chrome not in text, chrome

    articles = {a.slug: a for a in read_story(story).articles}  # valid content files
    night = articles["council-votes-to-keep-night-ferry"]
    assert [(p.kind, p.text[:30]) for p in night.passages] == [
        ("paragraph", "Gull Island council voted by n"),
        ("paragraph", "The decision follows a petitio"),
        ("list_item", "The last ferry leaves the main"),
        ("list_item", "The service will be reviewed a"),
        ("blockquote", '"This is a lifeline, not a lux'),
        ("paragraph", "The council will pay for the c"),
    ]
    out = capsys.readouterr().out
    assert f"Imported 2 articles into {story}:" in out
    # no site.yml beside the content folder: the next step is to write one
    assert out.rstrip().splitlines()[-1].startswith("Next: write a site.yml beside")
    (tmp_path / "site.yml").write_text("title: T\n", encoding="utf-8")
    main(["import", "html", str(PAGES), "--story", "ferry", "--output", str(content)])
    out = capsys.readouterr().out
    assert out.rstrip().splitlines()[-1].startswith("Next: 'site-builder serve'")


def page(tmp_path: Path, head: str, body: str, name: str = "page.html") -> Path:
    """A saved page with this head and article body."""
    path = tmp_path / name
    path.write_text(
        f"<!DOCTYPE html><html><head><meta charset='utf-8'>{head}</head><body><article>"
        f"{body}</article></body></html>",
        encoding="utf-8",
    )
    return path


ARTICLE = (
    "<p>The lighthouse keeper of Skerrow Point retired on Friday after thirty-one years, "
    "handing the keys to the island's volunteer rescue crew.</p>"
    "<p>The light itself has been automatic since 1998, but the keeper still climbed the "
    "tower every morning to check the lens and wind the old clock.</p>"
)


@needs_trafilatura
def test_facts_the_page_does_not_give_are_left_out(tmp_path):
    saved = page(
        tmp_path,
        "<title>Keeper retires</title><meta property='og:site_name' content='Skerrow Post'>",
        ARTICLE,
    )
    assert (
        main(["import", "html", str(saved), "--story", "keeper", "--output", str(tmp_path / "c")])
        == 0
    )
    [written] = (tmp_path / "c" / "keeper").iterdir()
    meta, body = front_matter_and_body(written)
    assert meta == {"title": "Keeper retires", "outlet": "Skerrow Post"}
    assert body.strip().startswith("The lighthouse keeper of Skerrow Point retired")


@needs_trafilatura
def test_a_page_without_a_site_name_needs_the_outlet_named(tmp_path, capsys):
    saved = page(tmp_path, "<title>Keeper retires</title>", ARTICLE)
    args = ["import", "html", str(saved), "--story", "keeper", "--output", str(tmp_path / "c")]
    assert main(args) == 1
    err = capsys.readouterr().err
    assert err == (
        f"Error: {saved}: the page does not give its site's name; name the outlet with "
        "--outlet NAME\n"
    )
    assert not (tmp_path / "c").exists()
    assert main([*args, "--outlet", "Skerrow Post"]) == 0
    [written] = (tmp_path / "c" / "keeper").iterdir()
    assert front_matter_and_body(written)[0]["outlet"] == "Skerrow Post"


@needs_trafilatura
def test_an_existing_file_is_never_overwritten(tmp_path):
    story = tmp_path / "c" / "ferry"
    story.mkdir(parents=True)
    mine = story / "harbour-ferry-returns-after-storm-repairs.md"
    mine.write_text("my own edits")
    args = ["import", "html", str(GAZETTE), "--story", "ferry", "--output", str(tmp_path / "c")]
    assert main(args) == 0
    assert mine.read_text() == "my own edits"
    assert (story / "harbour-ferry-returns-after-storm-repairs-2.md").is_file()


@needs_trafilatura
def test_the_words_are_kept_exactly_not_read_as_markdown(tmp_path):
    body = (
        "<p>1. This sentence starts with a number and is long enough to be kept as text.</p>"
        "<p>The council called the plan *unworkable* and [withdrew] it, &lt;b&gt;twice&lt;/b&gt; "
        "in one month, said the clerk of the island council on Tuesday.</p>"
        "<p># Not a heading: the hash sign starts this long paragraph of the article.</p>"
    )
    saved = page(
        tmp_path,
        "<title>Plan withdrawn</title><meta property='og:site_name' content='Skerrow Post'>",
        body,
    )
    main(["import", "html", str(saved), "--story", "plan", "--output", str(tmp_path / "c")])
    [article] = read_story(tmp_path / "c" / "plan").articles
    assert [p.text for p in article.passages] == [
        "1. This sentence starts with a number and is long enough to be kept as text.",
        "The council called the plan *unworkable* and [withdrew] it, <b>twice</b> in one "
        "month, said the clerk of the island council on Tuesday.",
        "# Not a heading: the hash sign starts this long paragraph of the article.",
    ]


@pytest.fixture
def page_server():
    """tests/data/pages served on 127.0.0.1; yields (address, the paths requested)."""
    requested: list[str] = []

    class Handler(http.server.SimpleHTTPRequestHandler):
        def do_GET(self) -> None:
            requested.append(self.path)
            super().do_GET()

        def log_message(self, *args) -> None:
            pass

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Handler, directory=str(PAGES))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/", requested
    server.shutdown()
    server.server_close()


@needs_trafilatura
def test_import_url_fetches_only_the_pages_named(tmp_path, page_server, capsys):
    address, requested = page_server
    url = address + COASTLINE.name
    assert main(["import", "url", url, "--story", "ferry", "--output", str(tmp_path / "c")]) == 0
    assert requested == [f"/{COASTLINE.name}"]
    [written] = (tmp_path / "c" / "ferry").iterdir()
    meta, _ = front_matter_and_body(written)
    assert meta["url"] == "https://coastline.example/news/night-ferry-vote"  # the page's own
    assert "Imported 1 article into" in capsys.readouterr().out


@needs_trafilatura
def test_import_url_keeps_the_address_when_the_page_names_none(tmp_path):
    saved = page(
        tmp_path,
        "<title>Keeper retires</title><meta property='og:site_name' content='Skerrow Post'>",
        ARTICLE,
    )
    fetched = []

    def fetch(url):
        fetched.append(url)
        return saved.read_bytes(), url

    from site_builder.importers.webpage import import_urls

    [written] = import_urls(["https://post.example/keeper"], tmp_path / "s", fetch=fetch)
    assert fetched == ["https://post.example/keeper"]
    assert front_matter_and_body(written)[0]["url"] == "https://post.example/keeper"


def test_only_web_addresses_are_fetched(tmp_path, capsys):
    args = ["import", "url", "file:///etc/passwd", "--story", "x", "--output", str(tmp_path)]
    assert main(args) == 1
    assert "only http:// and https:// addresses can be imported" in capsys.readouterr().err


def test_a_missing_page_is_named(tmp_path, page_server, capsys):
    address, _ = page_server
    args = ["import", "url", address + "gone.html", "--story", "x", "--output", str(tmp_path)]
    assert main(args) == 1
    assert (
        capsys.readouterr().err == f"Error: {address}gone.html: the server answered 404 "
        "File not found\n"
    )


def test_without_the_extra_the_error_names_it(tmp_path, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "trafilatura", None)  # as if not installed
    args = ["import", "html", str(GAZETTE), "--story", "ferry", "--output", str(tmp_path)]
    assert main(args) == 1
    assert capsys.readouterr().err == (
        "Error: importing web pages needs the [import] extra: pip install 'site-builder[import]'\n"
    )


def test_the_story_must_be_an_address(tmp_path, capsys):
    args = ["import", "html", str(GAZETTE), "--story", "Ferry Vote", "--output", str(tmp_path)]
    assert main(args) == 1
    assert "--story 'Ferry Vote' is not a story address" in capsys.readouterr().err
