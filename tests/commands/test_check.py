"""`site-builder check`: every internal link, fragment and asset of a built site resolves."""

from __future__ import annotations

import re

from site_builder.commands.check import check_site
from site_builder.commands.cli import main


def build(site, *extra: str) -> None:
    assert main(["build", "--config", str(site / "site.yml"), "-q", *extra]) == 0


def test_a_fresh_build_passes_with_a_one_line_summary(site, capsys):
    build(site)
    assert main(["check", "--config", str(site / "site.yml")]) == 0
    out = capsys.readouterr().out
    # home, 404, story, 2 articles, outlets/, 2 outlets, blindspots/
    assert re.fullmatch(r"Checked 9 pages, \d+ links: all resolve\n", out), out


def test_each_broken_link_fragment_and_asset_is_named_with_its_page(site, capsys):
    build(site)
    output = site / "output"
    (output / "talks" / "beta" / "index.html").unlink()  # every link to it breaks
    (output / "static" / "site.js").unlink()  # an asset
    story = output / "talks" / "index.html"
    story.write_text(story.read_text().replace('id="main"', 'id="elsewhere"'))
    capsys.readouterr()
    assert main(["check", "--config", str(site / "site.yml")]) == 1
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    assert "talks/alpha/index.html: ../../static/site.js" in lines
    assert "index.html: talks/beta/index.html" in lines
    assert "talks/index.html: #main" in lines  # the skip link lost its target
    assert "talks/alpha/index.html: ../beta/index.html#p-1" in lines  # also in
    assert not any(line.startswith("talks/beta/") for line in lines)  # the page is gone
    assert re.search(r"Error: .*output: \d+ of \d+ links in 8 pages do not resolve", captured.err)


def test_the_404_page_is_checked_against_base_url(site, capsys):
    build(site, "--base-url", "/repo/")
    assert main(["check", "--config", str(site / "site.yml"), "--base-url", "/repo/"]) == 0
    capsys.readouterr()
    assert main(["check", "--config", str(site / "site.yml")]) == 1  # base_url / in site.yml
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    assert "404.html: /repo/index.html" in lines
    assert "404.html: /repo/static/style.css" in lines
    assert all(line.startswith("404.html: /repo/") for line in lines)  # the rest is relative
    assert captured.err.rstrip().endswith(  # the likely mistake, said
        "do not resolve; they are 404.html's, the only links under the site's base path: "
        "give check the --base-url the site was built with"
    )


def test_links_elsewhere_are_not_followed_and_folders_mean_their_index(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text('<p id="x">A</p>')
    (tmp_path / "pic.png").write_bytes(b"")
    (tmp_path / "index.html").write_text(
        '<a href="https://example.org/missing">out</a> <a href="mailto:a@b.c">mail</a>'
        ' <a href="//cdn.example/x.js">cdn</a> <a href="a/">folder</a> <a href="a/#x">in</a>'
        ' <a href="a/index.html#y">no such id</a> <a href="#top">top</a>'
        ' <img src="pic.png" srcset="pic.png 1x, pic@2x.png 2x" alt="">'
        ' <a href="../outside.html">up and out</a> <a href="/elsewhere/a/">other base</a>'
    )
    report = check_site(tmp_path, "/site/")
    assert [str(b) for b in report.broken] == [
        "index.html: a/index.html#y",
        "index.html: pic@2x.png",
        "index.html: ../outside.html",
        "index.html: /elsewhere/a/",
    ]
    assert (report.pages, report.links) == (2, 9)


def test_urls_in_stylesheets_are_checked(tmp_path):
    (tmp_path / "static").mkdir()
    (tmp_path / "static" / "font.woff2").write_bytes(b"")
    (tmp_path / "static" / "style.css").write_text(
        '@font-face { src: url("font.woff2"); } body { background: url(missing.png); }'
    )
    (tmp_path / "index.html").write_text('<link rel="stylesheet" href="static/style.css">')
    report = check_site(tmp_path)
    assert [str(b) for b in report.broken] == ["static/style.css: missing.png"]


def test_checking_before_building_says_what_to_do(site, capsys):
    assert main(["check", "--config", str(site / "site.yml")]) == 1
    assert "no built site here; run 'site-builder build' first" in capsys.readouterr().err


def test_what_is_not_markup_is_not_read_as_links(tmp_path):
    (tmp_path / "a b.html").write_text("<P ID='x'>A</P>")
    (tmp_path / "index.html").write_text(
        "<!-- <a href='commented-out.html'>old</a> -->"
        "<script>document.write('<a href=\"written-by-script.html\">x</a>')</script>"
        "<style>a::after { content: '<img src=in-a-style.png>' }</style>"
        "<A HREF='a%20b.html#x' title='1 > 0'>quoted</A> <a href=a%20b.html>unquoted</a>"
        ' <a href="a b.html?x=1&amp;y=2">query</a> <a title="no link">none</a>'
    )
    report = check_site(tmp_path)
    assert report.broken == () and report.links == 3
