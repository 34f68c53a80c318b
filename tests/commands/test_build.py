"""Builds: parallel and sequential builds give exactly the same site, with progress."""

from __future__ import annotations

import shutil

import pytest

from site_builder.commands.build import build, default_jobs
from site_builder.core.config import load_config
from tests.conftest import (
    REPO,
    edit_one_article,
    free_port,
    run_build,
    three_stories,
    tree_bytes,
    write_article,
)


def test_parallel_build_equals_sequential_build(site, tmp_path):
    config = three_stories(site)
    build(config, jobs=1)
    sequential = tree_bytes(config.output_path)
    shutil.rmtree(config.output_path)
    build(config, jobs=3)
    assert tree_bytes(config.output_path) == sequential


def test_a_rebuild_with_a_cache_in_memory_after_a_parallel_build_equals_a_cold_build(
    site, tmp_path
):
    # The worker processes write their stories' pages themselves and send back only a
    # manifest: what a cache kept in memory holds of them must make the same site again.
    from site_builder.write.cache import BuildCache

    config = three_stories(site)
    cache = BuildCache()
    build(config, cache=cache, jobs=3)
    edit_one_article(site)
    build(config, cache=cache, jobs=3)
    build(load_config(site / "site.yml", output_dir=tmp_path / "cold"), jobs=1)
    assert tree_bytes(config.output_path) == tree_bytes(tmp_path / "cold")


def test_bundled_site_builds_the_same_with_and_without_workers(tmp_path):
    first = load_config(REPO / "site.yml", output_dir=tmp_path / "a")
    second = load_config(REPO / "site.yml", output_dir=tmp_path / "b")
    build(first, jobs=1)
    build(second, jobs=2)
    assert tree_bytes(tmp_path / "a") == tree_bytes(tmp_path / "b")


def test_progress_is_reported_per_story(site):
    config = three_stories(site)
    seen = []
    build(config, progress=lambda done, total: seen.append((done, total)))
    assert seen == [(1, 3), (2, 3), (3, 3)]


def test_builds_in_processes_with_different_hash_seeds_are_byte_identical(tmp_path):
    # Python orders sets of strings differently in every process; sums of floats taken
    # in set order once made an event's title differ from one build to the next.
    import os
    import subprocess
    import sys

    trees = []
    for seed in ("1", "2", "3"):
        output = tmp_path / f"out-{seed}"
        command = ["build", "-q", "--no-cache", "--config", REPO / "site.yml", "--output", output]
        subprocess.run(
            [sys.executable, "-m", "site_builder", *map(str, command)],
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        )
        trees.append(tree_bytes(output))
    assert trees[0] == trees[1] == trees[2]


def warned_site(site, stories=("second", "third", "fourth")):
    """The `site` fixture with stories whose article has an unknown front matter key
    (a warning naming the file and line); their warnings, in story order."""
    from tests.conftest import write_article

    for name in stories:
        folder = site / "content" / name
        folder.mkdir()
        write_article(folder, "one", f"Officials in {name} met in Geneva.", colour="red")
        write_article(folder, "two", f"In Geneva, officials of {name} met.")
    return load_config(site / "site.yml"), [
        f"{site / 'content' / name / 'one.md'}:4: unknown front matter key 'colour'"
        for name in sorted(stories)
    ]


def said_warnings(report):
    return [text.split(" is ignored")[0] for level, text in report.notes if level >= 30]


@pytest.mark.parametrize("how", ["one process", "processes", "threads"])
def test_a_warning_raised_in_a_story_reaches_the_report(site, how, monkeypatch):
    import logging
    from concurrent.futures import ThreadPoolExecutor

    from site_builder.commands import build as build_module

    config, expected = warned_site(site)
    logger = logging.getLogger("site_builder")
    handlers = list(logger.handlers)
    seen = []
    process_story = build_module.process_story

    def watched(*args):  # in the thread that builds the story: the logger as it was
        seen.append(list(logger.handlers))
        return process_story(*args)

    if how == "threads":
        monkeypatch.setattr(build_module, "process_story", watched)
        with ThreadPoolExecutor(3) as executor:
            report = build(config, executor=executor)
        assert seen and all(found == handlers for found in seen)  # no handler swapped
    else:
        report = build(config, jobs=3 if how == "processes" else 1)
    assert said_warnings(report) == expected  # each story's, in story order
    assert logger.handlers == handlers


def test_a_story_s_warnings_stay_in_the_report_when_reused_or_up_to_date(site):
    from site_builder.write.cache import CACHE_DIR, BuildCache

    config, expected = warned_site(site)
    cold = build(config, cache=BuildCache(site / CACHE_DIR), jobs=2)
    (site / "content" / "talks" / "alpha.md").write_text(
        (site / "content" / "talks" / "alpha.md").read_text() + "\nOne more line.\n"
    )
    reused = build(config, cache=BuildCache(site / CACHE_DIR))
    up_to_date = build(config, cache=BuildCache(site / CACHE_DIR))
    assert reused.reused == 3 and up_to_date.up_to_date
    assert said_warnings(cold) == said_warnings(reused) == said_warnings(up_to_date) == expected


def test_strict_fails_with_one_error_line_naming_the_file_and_writes_no_output(site):
    _, expected = warned_site(site, stories=("second",))
    result = run_build(site, "--strict", "--jobs", "2")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"Error: {expected[0]} is ignored; allowed keys: "
        + result.stderr.split("allowed keys: ")[1].splitlines()[0]
    ]
    assert "--strict makes it an error" in result.stderr
    assert not (site / "output").exists()
    assert run_build(site).returncode == 0  # without --strict: a warning, and the site


def test_build_serve_and_gh_deploy_make_the_same_plan(site, monkeypatch, capsys):
    import logging
    import subprocess

    from site_builder.commands import build as build_module
    from site_builder.commands import deploy, serve
    from site_builder.commands.cli import main

    plans = {}

    def record(command, stop):
        def run(plan, progress=None):
            plans[command] = plan
            raise stop

        return run

    monkeypatch.setattr(build_module, "run_plan", record("build", SystemExit(0)))
    monkeypatch.setattr(serve, "run_plan", record("serve", KeyboardInterrupt()))
    monkeypatch.setattr(deploy, "run_plan", record("gh-deploy", SystemExit(0)))
    config = ["--config", str(site / "site.yml")]
    with pytest.raises(SystemExit):
        main(["build", *config])
    try:
        main(["serve", *config, "--port", str(free_port())])
    finally:
        logging.disable(logging.NOTSET)  # serve silences logging as it stops
    subprocess.run(["git", "init", "-q", str(site)], check=True)
    monkeypatch.chdir(site)
    with pytest.raises(SystemExit):
        main(["gh-deploy", *config, "--no-push"])
    assert set(plans) == {"build", "serve", "gh-deploy"}
    made = {
        command: (plan.jobs, plan.cache.folder, plan.executor, plan.strict)
        for command, plan in plans.items()
    }
    assert made["build"] == made["serve"] == made["gh-deploy"]
    assert made["build"][0] == default_jobs() and made["build"][1] == site / ".site-builder-cache"


def test_strict_says_the_theme_s_missing_language_once(tmp_path):
    (tmp_path / "site.yml").write_text("title: Verhandlungen\nlanguage: de\n", encoding="utf-8")
    story = tmp_path / "content" / "istanbul"
    story.mkdir(parents=True)
    for slug in ("one", "two"):
        write_article(story, slug, "Die Unterhändler trafen sich am Dienstag in Istanbul.")
    result = run_build(tmp_path, "--strict", "--no-cache")
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("no strings file for language 'de'") == 1


def test_a_build_without_the_cache_works_out_no_key_and_writes_the_same_site(
    site, tmp_path, monkeypatch
):
    # The keys are how the cache finds and keeps builds; working them out hashes the
    # program's and every story's files, which a build that keeps nothing does not need.
    from site_builder.commands import build as build_module
    from site_builder.commands.build import make_plan, run_plan

    config = three_stories(site)
    build(config, jobs=1)
    kept = tree_bytes(config.output_path)
    no_cache = load_config(site / "site.yml", output_dir=tmp_path / "no-cache")

    def no_key(*args, **kwargs):
        raise AssertionError("a key was worked out")

    for name in ("story_key", "site_key", "theme_fingerprint", "frame_key"):
        monkeypatch.setattr(build_module, name, no_key)
    for jobs in (1, 2):
        run_plan(make_plan(no_cache, jobs=jobs, use_cache=False))
        assert tree_bytes(tmp_path / "no-cache") == kept
    with pytest.raises(AssertionError, match="a key was worked out"):
        run_plan(make_plan(no_cache, jobs=1))


def test_an_outlet_site_yml_describes_that_no_article_names_is_a_warning(site):
    with open(site / "site.yml", "a", encoding="utf-8") as config:
        config.write("outlets:\n  Alpha Nwes:\n    lean: centre\n  Beta Daily:\n    lean: left\n")
    result = run_build(site)
    assert result.returncode == 0
    warnings = [line for line in result.stderr.splitlines() if "outlets:" in line]
    assert warnings == [
        f"WARNING: {site / 'site.yml'}: outlets: 'Alpha Nwes' is the outlet of no article, "
        "so nothing shows its profile; did you mean 'Alpha News'?"
    ]
    assert run_build(site, "--strict", "--no-cache").returncode == 1
