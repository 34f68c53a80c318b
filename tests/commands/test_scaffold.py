"""`site-builder new DIR`: a working site to start from, and its publishing workflow."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import yaml

from site_builder import __version__
from site_builder.commands.cli import main
from site_builder.read.content import read_story
from tests.conftest import REPO

WORKFLOW = ".github/workflows/pages.yml"
FILES = [
    ".github/workflows/pages.yml",
    ".gitignore",
    "content/lantern-bridge/_story.md",
    "content/lantern-bridge/hollowmere-herald.md",
    "content/lantern-bridge/valley-radio.md",
    "content/lantern-bridge/weekly-lamp.md",
    "requirements.txt",
    "site.yml",
]


def files_under(folder) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def test_new_writes_a_site_and_says_what_to_type_next(tmp_path, capsys):
    target = tmp_path / "my site"
    assert main(["new", str(target)]) == 0
    assert files_under(target) == FILES
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"Created a site in {target}:"
    assert out[-4:] == [
        "Next:",
        f"  cd '{target}'",
        "  site-builder serve     preview the site at http://127.0.0.1:8000/ as you edit",
        "  site-builder build     write the site to output/",
    ]
    assert "  content/lantern-bridge/       an example story: 3 invented articles" in out
    ignored = (target / ".gitignore").read_text().split()
    assert "output/" in ignored and ".site-builder-cache/" in ignored


def test_the_new_site_builds_strictly_and_its_links_resolve(tmp_path, monkeypatch, capsys):
    main(["new", str(tmp_path / "site")])
    monkeypatch.chdir(tmp_path / "site")
    capsys.readouterr()
    assert main(["build", "--strict"]) == 0
    summary = capsys.readouterr().out
    events = int(re.search(r"(\d+) aligned events", summary).group(1))
    assert summary.startswith("Built 1 story: 3 articles") and events >= 3, summary
    assert main(["check"]) == 0
    assert capsys.readouterr().out.endswith(": all resolve\n")
    story = read_story(tmp_path / "site" / "content" / "lantern-bridge")
    assert {a.outlet for a in story.articles} == {
        "Hollowmere Herald",
        "Valley Radio",
        "The Weekly Lamp",
    }
    intro = (tmp_path / "site" / "content" / "lantern-bridge" / "_story.md").read_text()
    assert "An invented story" in intro and "fictional" in intro


def test_new_in_the_current_folder_does_not_say_cd_to_it(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["new", "."]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-3:] == [
        "Next:",
        "  site-builder serve     preview the site at http://127.0.0.1:8000/ as you edit",
        "  site-builder build     write the site to output/",
    ]


def test_new_refuses_a_folder_that_is_not_empty(tmp_path, capsys):
    (tmp_path / "notes.txt").write_text("mine")
    assert main(["new", str(tmp_path)]) == 1
    assert capsys.readouterr().err == (
        f"Error: {tmp_path}: the folder is not empty; choose a new folder (or an empty one) "
        "for the site\n"
    )
    assert files_under(tmp_path) == ["notes.txt"]
    (tmp_path / "empty").mkdir()
    assert main(["new", str(tmp_path / "empty")]) == 0


def test_the_workflow_is_the_repositorys_installing_from_requirements_txt(tmp_path):
    main(["new", str(tmp_path / "site")])
    ours = yaml.safe_load((REPO / WORKFLOW).read_text())
    theirs = yaml.safe_load((tmp_path / "site" / WORKFLOW).read_text())
    our_steps = ours["jobs"]["build"].pop("steps")
    their_steps = theirs["jobs"]["build"].pop("steps")
    assert theirs == ours  # triggers, permissions, concurrency, the deploy job
    assert [s for s in their_steps if "run" not in s] == [s for s in our_steps if "run" not in s]
    runs = {s["name"]: s["run"] for s in their_steps if "run" in s}
    assert runs["Install site-builder"] == "pip install -r requirements.txt"
    requirements = (tmp_path / "site" / "requirements.txt").read_text().splitlines()
    assert f"site-builder=={__version__}" in requirements


def test_the_workflows_build_and_check_commands_work_under_a_sub_path(
    tmp_path, monkeypatch, capsys
):
    main(["new", str(tmp_path / "site")])
    monkeypatch.chdir(tmp_path / "site")
    steps = yaml.safe_load(Path(WORKFLOW).read_text())["jobs"]["build"]["steps"]
    runs = {s["name"]: s["run"] for s in steps if "run" in s}
    for name in ("Build", "Check links"):
        command = runs[name].replace("${{ steps.pages.outputs.base_path }}", "/my-site")
        program, *args = shlex.split(command)
        assert program == "site-builder"
        assert main(args) == 0, name
    assert 'href="/my-site/index.html"' in Path("output/404.html").read_text()
    assert capsys.readouterr().out.endswith(": all resolve\n")
