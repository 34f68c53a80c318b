"""The command line as a user meets it: output, exit codes, files written."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys

import pytest

from site_builder import __version__
from site_builder.commands import cli
from site_builder.commands.cli import main
from tests.conftest import REPO, three_stories, tree_bytes


def run(*args: str, cwd=None) -> subprocess.CompletedProcess:
    """Run `python -m site_builder ARGS` as a user would, capturing its output."""
    return subprocess.run(
        [sys.executable, "-m", "site_builder", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_build_writes_the_site_and_prints_one_summary_line(site, capsys):
    assert main(["build", "--config", str(site / "site.yml")]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1
    assert out[0].startswith("Built 1 story: 2 articles, 4 passages")
    assert " s" in out[0] and "written to" in out[0]
    for page in (
        "index.html",
        "404.html",
        ".nojekyll",
        "alignments.json",
        "talks/index.html",
        "talks/alpha/index.html",
        "talks/beta/index.html",
        "static/style.css",
    ):
        assert (site / "output" / page).is_file(), page


def test_story_page_shows_the_articles_side_by_side_with_outlets_and_dates(site):
    main(["build", "--config", str(site / "site.yml"), "-q"])
    html = (site / "output" / "talks" / "index.html").read_text()
    assert html.count('<li class="head') == 2  # one headline per outlet
    assert "Alpha News" in html and "Beta Daily" in html
    assert "2022-03-29" in html and "2022-03-30" in html
    assert "Title of alpha" in html


def test_article_page_gives_every_passage_its_id_as_anchor(site):
    main(["build", "--config", str(site / "site.yml"), "-q"])
    html = (site / "output" / "talks" / "beta" / "index.html").read_text()
    assert 'id="p-1"' in html and 'id="p-2"' in html
    assert "<h2" in html and "Istanbul</h2>" in html  # headings shown, not passages


def test_output_and_base_url_options_override_site_yml(site, tmp_path):
    target = tmp_path / "elsewhere"
    assert (
        main(
            [
                "build",
                "--config",
                str(site / "site.yml"),
                "--output",
                str(target),
                "--base-url",
                "repo",
                "-q",
            ]
        )
        == 0
    )
    assert 'href="/repo/index.html"' in (target / "404.html").read_text()
    assert not (site / "output").exists()


def test_quiet_prints_nothing(site, capsys):
    assert main(["build", "--config", str(site / "site.yml"), "-q"]) == 0
    assert capsys.readouterr().out == ""


def test_two_builds_are_byte_identical(site, tmp_path):
    main(["build", "--config", str(site / "site.yml"), "-q"])
    first = tree_bytes(site / "output")
    main(["build", "--config", str(site / "site.yml"), "-q", "--output", str(tmp_path / "again")])
    assert tree_bytes(tmp_path / "again") == first


def test_failed_build_leaves_previous_output_as_it_was(site, capsys):
    main(["build", "--config", str(site / "site.yml"), "-q"])
    before = tree_bytes(site / "output")
    (site / "content" / "talks" / "alpha.md").write_text("---\ntitle: [unclosed\n---\nText.\n")
    assert main(["build", "--config", str(site / "site.yml")]) == 1
    assert tree_bytes(site / "output") == before
    assert not [p for p in site.iterdir() if p.name.startswith(".output.")]


@pytest.mark.parametrize(
    "broken, message",
    [
        ("---\ntitle: [unclosed\n---\nText.\n", "alpha.md:2: invalid YAML in front matter"),
        ("---\noutlet: X\n---\nText.\n", "alpha.md:1: front matter is missing 'title'"),
        ("---\ntitle: T\n---\nText.\n", "alpha.md:1: front matter is missing 'outlet'"),
        ("---\n- a\n- b\n---\nText.\n", "alpha.md:2: front matter must be 'key: value' lines"),
        ("---\ntitle: T\noutlet: O\ndate: soon\n---\nText.\n", "date 'soon' is not a date"),
    ],
)
def test_user_errors_exit_1_with_one_line_naming_file_and_line(site, broken, message):
    (site / "content" / "talks" / "alpha.md").write_text(broken)
    result = run("build", "--config", str(site / "site.yml"))
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1, result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_unreadable_file_is_named(site):
    (site / "content" / "talks" / "alpha.md").write_bytes(b"---\ntitle: caf\xe9\n---\n")
    result = run("build", "--config", str(site / "site.yml"))
    assert result.returncode == 1
    assert "alpha.md:2: not valid UTF-8 text; save the file as UTF-8" in result.stderr


def test_unknown_theme_lists_the_available_ones(site):
    (site / "site.yml").write_text("title: T\ntheme: fancy\n")
    result = run("build", "--config", str(site / "site.yml"))
    assert result.returncode == 1
    assert "site.yml:2: unknown theme 'fancy'; available: default" in result.stderr


def test_missing_config_says_how_to_point_at_one(tmp_path):
    result = run("build", cwd=tmp_path)
    assert result.returncode == 1
    assert "site.yml: config file not found" in result.stderr and "--config" in result.stderr


def test_missing_config_says_how_to_make_one_and_its_hint_works(tmp_path):
    """A researcher who imported stories into content/ with no site.yml beside it is
    told what to write; doing just that builds."""
    story = tmp_path / "content" / "talks"
    story.mkdir(parents=True)
    for slug in ("alpha", "beta"):
        (story / f"{slug}.md").write_text(
            f"---\ntitle: {slug}\noutlet: {slug.upper()}\n---\n\nThe talks resumed in Istanbul.\n"
        )
    result = run("build", cwd=tmp_path)
    assert result.returncode == 1
    assert "needs only a line 'title: ...'" in result.stderr
    assert "'site-builder new DIR'" in result.stderr
    (tmp_path / "site.yml").write_text("title: My site\n")
    result = run("build", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "output" / "talks" / "index.html").is_file()


@pytest.mark.parametrize(
    ("command", "option", "bad", "named"),
    [
        (["build"], "--jobs", "0", "1 or more"),
        (["serve"], "--port", "70000", "from 1 to 65535"),
        (
            ["import", "url", "https://example.org/", "--story", "s"],
            "--timeout",
            "0",
            "more than 0",
        ),
    ],
)
def test_help_names_the_values_an_option_allows(command, option, bad, named):
    """Where the command line refuses a value, the option's help says which it takes."""
    refused = run(*command, option, bad)
    assert refused.returncode == 2 and option in refused.stderr
    lines = run(*command[:2], "--help").stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if line.lstrip().startswith(option))
    end = next((i for i in range(start + 1, len(lines)) if lines[i].lstrip().startswith("-")), None)
    assert named in " ".join(" ".join(lines[start:end]).split())


def test_align_help_says_what_it_prints_without_explain(site):
    """align's description promises only what a plain run prints; --explain adds why."""
    plain = run("align", "--config", str(site / "site.yml")).stdout
    explained = run("align", "--explain", "--config", str(site / "site.yml")).stdout
    assert "why:" not in plain and "why:" in explained
    helped = " ".join(run("align", "--help").stdout.split())
    assert "with --explain, also why they are linked" in helped


def test_help_and_version():
    assert run("--version").stdout.strip() == f"site-builder {__version__}"
    for command in ([], ["build"], ["align"], ["new"], ["check"], ["export"], ["import", "url"]):
        result = run(*command, "--help")
        assert result.returncode == 0 and "usage: site-builder" in result.stdout
    overview = run("--help").stdout
    assert "site.yml" in overview and "content/<story>/<article>.md" in overview
    for command in ("new", "build", "check", "export", "import"):
        assert f"    {command} " in overview


def test_bundled_site_builds_from_the_repository_root(tmp_path):
    result = run("build", "--no-cache", "--output", str(tmp_path / "out"), cwd=REPO)
    assert result.returncode == 0, result.stderr
    assert re.match(r"Built 1 story: 5 articles", result.stdout)
    story = (tmp_path / "out" / "istanbul-talks" / "index.html").read_text()
    for outlet in (
        "The National Interest",
        "World Socialist Web Site",
        "Russian independent outlet",
        "Pro-Kremlin Russian outlet",
        "Unknown outlet",
    ):
        assert outlet in story


def test_align_explain_shows_groups_their_reasons_and_the_unaligned(site):
    result = run("align", "talks", "--explain", "--config", str(site / "site.yml"))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("talks: 2 articles, 4 passages, 1 aligned event, 0 related\n")
    assert "g-1  score" in out
    assert "Alpha News [alpha/p-1] Negotiators from Moscow and Kiev met in Istanbul" in out
    assert "Beta Daily [beta/p-1]" in out
    [reasons] = [line for line in out.splitlines() if line.strip().startswith("why:")]
    assert reasons.strip().startswith("why: same event: shares ")
    assert "Kyiv" in reasons and "Istanbul" in reasons  # Kiev/Kyiv joined by the alias
    assert "Not aligned:" in out and "Alpha News [alpha]: p-2" in out


def test_align_names_an_unknown_story(site):
    result = run("align", "nope", "--config", str(site / "site.yml"))
    assert result.returncode == 1 and "no story 'nope'" in result.stderr
    assert result.stderr.rstrip().endswith("name one of its stories: talks")


def test_progress_line_appears_only_after_a_delay_and_is_cleared():
    import io

    from site_builder.commands.cli import Progress

    quick, slow = io.StringIO(), io.StringIO()
    Progress(quick, delay=60)(1, 3)
    assert quick.getvalue() == ""
    progress = Progress(slow, delay=0)
    progress(2, 3)
    progress.clear()
    assert slow.getvalue() == "\rBuilding stories: 2/3\r\033[K"


class _Terminal:
    """Standard error as a terminal (isatty), holding what is written to it."""

    def __init__(self) -> None:
        import io

        self.text = io.StringIO()

    def write(self, text: str) -> int:
        return self.text.write(text)

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return True


def test_a_warning_said_while_the_progress_line_shows_starts_a_line_of_its_own(
    site, monkeypatch, capsys
):
    """On a terminal a long build counts its stories on one line; a warning said then
    clears that line first ("Building stories: 3/3WARNING: ..." before), and the summary
    says how many warnings scrolled by above it."""
    three_stories(site)
    article = site / "content" / "talks" / "alpha.md"
    article.write_text(article.read_text().replace("---\n", "---\ncolour: red\n", 1))
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    monkeypatch.setattr(cli.Progress, "DELAY", 0.0)  # shown from the first story
    assert main(["build", "--jobs", "1", "--config", str(site / "site.yml")]) == 0
    said = terminal.text.getvalue()
    assert "Building stories: 3/3\r\033[KWARNING: " in said, said
    assert re.search(r"\d/3WARNING", said) is None
    out = capsys.readouterr().out
    assert out.startswith("Built 3 stories") and out.endswith("; 1 warning above\n"), out


def test_a_build_stopped_by_ctrl_c_says_what_it_leaves_and_the_next_build_uses_it(
    site, monkeypatch, capsys
):
    """Ctrl-C in the middle of a build: "Stopped." and what was kept (the output as it
    was, the stories built so far in the cache), and it is so: the output is the
    previous site, byte for byte, and the next build builds only the other stories."""
    three_stories(site)
    config = str(site / "site.yml")
    assert main(["build", "--jobs", "1", "--config", config]) == 0
    before = tree_bytes(site / "output")
    for story in ("talks", "second", "third"):  # every story to be built again
        (site / "content" / story / "_story.md").write_text(
            "---\ntitle: Edited\n---\n\nAn introduction.\n"
        )
    counted = cli.Progress.__call__

    def ctrl_c_after_the_first_story(progress, done, total):
        counted(progress, done, total)
        raise KeyboardInterrupt

    monkeypatch.setattr(cli.Progress, "__call__", ctrl_c_after_the_first_story)
    capsys.readouterr()
    assert main(["build", "--jobs", "1", "--config", config]) == 130
    output = site / "output"
    assert capsys.readouterr().err == (
        f"Stopped. {output} is as it was (the previous site); at least 1 of 3 stories are "
        "built and kept in the build cache: the next build starts from them.\n"
    )
    assert tree_bytes(output) == before
    monkeypatch.setattr(cli.Progress, "__call__", counted)
    assert main(["build", "--jobs", "1", "--config", config]) == 0
    assert capsys.readouterr().out.startswith("Built 3 stories (1 unchanged): ")


def test_a_first_build_stopped_by_ctrl_c_says_nothing_was_written(site, monkeypatch, capsys):
    def ctrl_c(progress, done, total):
        raise KeyboardInterrupt

    monkeypatch.setattr(cli.Progress, "__call__", ctrl_c)
    assert main(["build", "--no-cache", "--config", str(site / "site.yml")]) == 130
    assert capsys.readouterr().err == (
        f"Stopped. Nothing was written to {site / 'output'}; with --no-cache nothing is kept "
        "for the next build.\n"
    )
    assert not (site / "output").exists()


@pytest.mark.parametrize(
    "command",
    [
        ["build", "--jobs", "0"],
        ["build", "-j", "-2"],
        ["import", "basil", "corpus", "--limit", "-3"],
    ],
)
def test_a_count_below_one_is_a_command_line_mistake(site, capsys, command):
    """README: a mistake on the command line exits with status 2 (as --jobs x does);
    --limit -3 would otherwise import all but the last three stories."""
    with pytest.raises(SystemExit) as stopped:
        main(command)
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert f"must be a whole number of 1 or more, not '{command[-1]}'" in err
    assert "argument --jobs/-j:" in err or "argument --limit:" in err


def test_strict_turns_a_warning_into_an_error_and_writes_nothing(site):
    article = site / "content" / "talks" / "alpha.md"
    article.write_text(article.read_text().replace("---\n", "---\ncolour: red\n", 1))
    lenient = run(
        "build", "--no-cache", "--config", str(site / "site.yml"), "--output", str(site / "other")
    )
    assert lenient.returncode == 0 and "unknown front matter key 'colour'" in lenient.stderr

    result = run("build", "--strict", "--config", str(site / "site.yml"))
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith("Error: ") and "alpha.md:2: unknown front matter key" in (
        result.stderr
    )
    assert "--strict makes it an error" in result.stderr and "Traceback" not in result.stderr
    assert not (site / "output").exists()  # the cache keeps the analysis, warning and all:
    again = run("build", "--strict", "--jobs", "2", "--config", str(site / "site.yml"))
    assert again.returncode == 1 and again.stderr == result.stderr  # the same one line
    assert not (site / "output").exists()


def test_strict_fails_on_a_warning_the_cache_would_skip(site):
    article = site / "content" / "talks" / "alpha.md"
    article.write_text(article.read_text().replace("---\n", "---\ncolour: red\n", 1))
    assert run("build", "--config", str(site / "site.yml")).returncode == 0  # cached now
    before = tree_bytes(site / "output")
    result = run("build", "--strict", "--config", str(site / "site.yml"))
    assert result.returncode == 1 and "unknown front matter key 'colour'" in result.stderr
    assert tree_bytes(site / "output") == before


def test_strict_builds_a_site_without_warnings(site, capsys):
    assert main(["build", "--strict", "--config", str(site / "site.yml")]) == 0
    assert capsys.readouterr().out.startswith("Built 1 story")
    assert (site / "output" / "talks" / "index.html").is_file()


LOADED = r"""
import sys
from site_builder.commands.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
print(" ".join(sorted(sys.modules)))
"""


@pytest.mark.parametrize(
    "command, needless",
    [
        (
            ["--version"],
            {
                "site_builder.write.cache",
                "site_builder.core.config",
                "site_builder.core.model",
                "yaml",
            },
        ),
        (
            ["check", "--config", str(REPO / "site.yml")],
            {
                "site_builder.write.cache",
                "site_builder.write.write",
                "site_builder.core.model",
                "jinja2",
            },
        ),
    ],
)
def test_a_command_loads_only_what_it_needs(command, needless, tmp_path):
    # The fixed cost of a fresh process is what a user waits for on every small command.
    if command[0] == "check":
        main(
            [
                "build",
                "-q",
                "--no-cache",
                "--config",
                str(REPO / "site.yml"),
                "--output",
                str(tmp_path),
            ]
        )
        command = [*command, "--output", str(tmp_path)]
    result = subprocess.run(
        [sys.executable, "-c", LOADED, *command], capture_output=True, text=True, check=True
    )
    loaded = set(result.stdout.split("\n")[-2].split())
    assert "site_builder.commands.cli" in loaded
    assert not loaded & needless, loaded & needless


def test_the_help_names_the_cache_folder_the_build_uses():
    from site_builder.commands import cli
    from site_builder.write import cache

    assert cli.CACHE_DIR == cache.CACHE_DIR


GAZETTE = REPO / "tests" / "data" / "pages" / "gazette-ferry-returns.html"


@pytest.mark.skipif(
    importlib.util.find_spec("trafilatura") is None, reason="import html needs trafilatura"
)
def test_an_import_beside_site_yml_writes_where_the_build_reads(site, monkeypatch, capsys):
    (site / "content").rename(site / "articles")
    (site / "site.yml").write_text("title: T\ncontent_dir: articles\n", encoding="utf-8")
    monkeypatch.chdir(site)
    assert main(["import", "html", str(GAZETTE), "--story", "ferry"]) == 0
    assert "Imported 1 article into articles/ferry:" in capsys.readouterr().out
    assert [p.name for p in (site / "articles" / "ferry").iterdir()]
    assert not (site / "content").exists()


@pytest.mark.skipif(
    importlib.util.find_spec("trafilatura") is None, reason="import html needs trafilatura"
)
def test_an_import_without_site_yml_writes_into_content(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["import", "html", str(GAZETTE), "--story", "ferry"]) == 0
    assert [p.name for p in (tmp_path / "content" / "ferry").iterdir()]
    # the next step says a build needs a site.yml first, and what to put in it ...
    last = capsys.readouterr().out.rstrip().splitlines()[-1]
    assert last.startswith("Next: write a site.yml beside content/")
    assert "a line 'title: ...' is enough" in last
    # ... and doing just that builds the imported story
    (tmp_path / "site.yml").write_text("title: Ferries\n", encoding="utf-8")
    assert main(["build", "-q"]) == 0
    assert (tmp_path / "output" / "ferry" / "index.html").is_file()


def test_a_ctrl_c_that_lands_as_a_class_is_made_stops_the_command_like_any_other(
    monkeypatch, capsys
):
    """Python 3.11 reports a KeyboardInterrupt raised inside a descriptor's __set_name__
    (a module with a cached_property being imported) as a RuntimeError caused by it."""

    def interrupted_while_importing(verbosity):
        try:
            raise KeyboardInterrupt
        except KeyboardInterrupt as exc:
            raise RuntimeError("Error calling __set_name__") from exc

    monkeypatch.setattr(cli, "_configure_logging", interrupted_while_importing)
    assert main(["check"]) == 130
    assert "Stopped." in capsys.readouterr().err


# --- an editor's slips on the command line: the message says what was meant -------------


@pytest.mark.parametrize(
    "args, meant",
    [
        (["biuld"], "invalid choice: 'biuld' (choose from "),
        (["export", "--format", "cvs"], "invalid choice: 'cvs' (choose from "),
        (["import", "basl", "x"], "invalid choice: 'basl' (choose from "),
    ],
)
def test_a_misspelt_command_or_choice_is_answered_with_the_one_meant(args, meant, capsys):
    with pytest.raises(SystemExit) as stop:
        main(args)
    assert stop.value.code == 2
    error = capsys.readouterr().err
    assert meant in error
    assert re.search(r"\); did you mean '(build|csv|basil)'\? \(see 'site-builder", error), error


def test_align_takes_a_story_by_the_path_of_its_folder_as_the_shell_completes_it(
    site, capsys, monkeypatch
):
    monkeypatch.chdir(site)
    assert main(["align", "content/talks/"]) == 0
    assert capsys.readouterr().out.startswith("talks: 2 articles, 4 passages, ")


def test_align_answers_a_story_name_cut_short_with_the_one_meant(site, capsys):
    assert main(["align", "talk", "--config", str(site / "site.yml")]) == 1
    assert "no story 'talk' in " in capsys.readouterr().err
    assert main(["align", "talk", "--config", str(site / "site.yml")]) == 1
    assert "; did you mean 'talks'? name one of its stories: talks" in capsys.readouterr().err


def test_align_counts_one_article_and_one_passage_in_the_singular(site, capsys):
    lone = site / "content" / "lone"
    lone.mkdir()
    (lone / "post.md").write_text("---\ntitle: T\noutlet: Post\n---\n\nOnly one outlet.\n")
    assert main(["align", "lone", "--config", str(site / "site.yml")]) == 0
    assert capsys.readouterr().out.startswith(
        "lone: 1 article, 1 passage, 0 aligned events, 0 related\n"
    )
