"""Command line: `site-builder build | align | serve`.

Mistakes in the user's files end in one line naming the file and line (exit status 1),
never a traceback; anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from site_builder import __version__
from site_builder.cache import CACHE_DIR
from site_builder.errors import SiteError

log = logging.getLogger("site_builder")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    try:
        args = _parser().parse_args(argv)
        _configure_logging(args.verbosity)
        return args.run(args)
    except SiteError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Interrupted.", file=sys.stderr)
        return 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="site-builder",
        description="Build a static site that puts different outlets' reporting of the same "
        "events side by side.",
    )
    parser.add_argument("--version", action="version", version=f"site-builder {__version__}")
    parser.set_defaults(run=lambda _: parser.print_help() or 0, verbosity=0)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    build = commands.add_parser(
        "build",
        help="build the site into the output folder",
        description="Read site.yml and content/, align the "
        "articles of each story and write the site.",
    )
    _common(build)
    _output_option(build)
    _force_output_option(build)
    _base_url_option(build)
    build.add_argument(
        "--jobs",
        "-j",
        type=int,
        metavar="N",
        help="stories built at once, in that many processes (default: the number of cores)",
    )
    build.add_argument(
        "--no-cache",
        action="store_true",
        help=f"align and render every story again, ignoring {CACHE_DIR}/",
    )
    build.add_argument(
        "--dask",
        metavar="ADDRESS",
        help="build the stories on the dask.distributed scheduler at ADDRESS (e.g. "
        "tcp://10.0.0.5:8786) instead of local processes; needs the [dask] extra and the "
        "site's folder at the same path on every worker",
    )
    build.set_defaults(run=_run_build)

    align = commands.add_parser(
        "align",
        help="show which passages were aligned, and why",
        description="Print each aligned group of a story: outlets, "
        "passages, score, opening words and the shared terms that "
        "linked them, then the passages left unaligned.",
    )
    _common(align)
    align.add_argument("story", nargs="?", help="story slug (default: every story)")
    align.add_argument(
        "--explain",
        action="store_true",
        help="also print each member's event sentences and the shared terms",
    )
    align.set_defaults(run=_run_align)

    serve = commands.add_parser(
        "serve",
        help="preview the site, rebuilding on every change",
        description="Build the site, serve it under its base path "
        "and rebuild it whenever a file changes; open pages reload "
        "by themselves.",
    )
    _common(serve)
    serve.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default: 127.0.0.1, this computer only)",
    )
    serve.add_argument(
        "--port",
        type=int,
        default=8000,
        help="port to listen on; the next free one is used if it is taken (default: 8000)",
    )
    serve.add_argument("--open", action="store_true", help="open the site in a web browser")
    _output_option(serve)
    _force_output_option(serve)
    serve.set_defaults(run=_run_serve)

    deploy = commands.add_parser(
        "gh-deploy",
        help="build and commit the site to gh-pages",
        description="Build the site and commit it to the gh-pages "
        "branch (with ghp-import), then push it, for GitHub Pages "
        "served from a branch.",
    )
    _common(deploy)
    _force_output_option(deploy)
    _base_url_option(deploy)
    deploy.add_argument("--remote", default="origin", help="remote to push to (default: origin)")
    deploy.add_argument(
        "--branch", default="gh-pages", help="branch to commit the site to (default: gh-pages)"
    )
    deploy.add_argument(
        "-m", "--message", help="commit message (default: names the commit the site was built from)"
    )
    deploy.add_argument(
        "--no-push", action="store_true", help="commit to the branch but do not push it"
    )
    deploy.set_defaults(run=_run_gh_deploy)

    importer = commands.add_parser(
        "import",
        help="turn a corpus into content files",
        description="Write a corpus's articles as content/<story>/"
        "<article>.md files, one story per event.",
    )
    importer.add_argument("format", choices=["basil"], help="the corpus's format")
    importer.add_argument(
        "path",
        type=Path,
        help="the corpus folder (BASIL: the folder that holds articles/ and annotations/)",
    )
    importer.add_argument(
        "--output",
        type=Path,
        default=Path("content"),
        metavar="DIR",
        help="content folder to write the stories into (default: content)",
    )
    importer.add_argument("--limit", type=int, metavar="N", help="import only the first N stories")
    importer.set_defaults(run=_run_import, verbosity=0)
    return parser


def _common(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--config",
        type=Path,
        default=Path("site.yml"),
        metavar="PATH",
        help="the site's settings file (default: site.yml)",
    )
    loudness = command.add_mutually_exclusive_group()
    loudness.add_argument(
        "-q",
        "--quiet",
        dest="verbosity",
        action="store_const",
        const=-1,
        help="print only warnings and errors",
    )
    loudness.add_argument(
        "-v",
        "--verbose",
        dest="verbosity",
        action="store_const",
        const=1,
        help="print what each step does",
    )
    command.set_defaults(verbosity=0)


def _output_option(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--output",
        type=Path,
        metavar="DIR",
        help="folder to write the site to, a folder of its own: a build replaces everything "
        "in it (default: output_dir in site.yml)",
    )


def _force_output_option(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--force-output",
        action="store_true",
        help="replace the output folder even if site-builder did not write it (a build "
        "refuses to replace a non-empty folder without its .site-builder-output file)",
    )


def _base_url_option(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--base-url",
        metavar="URL",
        help="path the site is served under, e.g. /repo-name/ (default: base_url in site.yml)",
    )


def _configure_logging(verbosity: int) -> None:
    level = {-1: logging.WARNING, 0: logging.INFO, 1: logging.DEBUG}[verbosity]
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
    log.handlers[:] = [handler]
    log.setLevel(level)
    log.propagate = False


def _run_build(args: argparse.Namespace) -> int:
    from site_builder.build import build, default_jobs
    from site_builder.cache import BuildCache, cache_folder
    from site_builder.config import load_config

    config = load_config(args.config, base_url=args.base_url, output_dir=args.output)
    if args.jobs is not None and args.jobs < 1:
        raise SiteError(f"--jobs must be 1 or more, got {args.jobs}")
    cache = None if args.no_cache else BuildCache(cache_folder(config))
    progress = Progress(sys.stderr) if args.verbosity >= 0 and sys.stderr.isatty() else None
    jobs = args.jobs or default_jobs()
    if args.dask:
        from site_builder.distribute import dask_executor

        with dask_executor(args.dask) as executor:
            report = build(
                config,
                cache=cache,
                jobs=jobs,
                progress=progress,
                executor=executor,
                force_output=args.force_output,
            )
    else:
        report = build(
            config, cache=cache, jobs=jobs, progress=progress, force_output=args.force_output
        )
    if progress is not None:
        progress.clear()
    if args.verbosity >= 0:
        print(report.summary())
    return 0


class Progress:
    """'Building stories: 37/100' on a terminal, once a build has taken a second or so."""

    def __init__(self, stream, delay: float = 1.0) -> None:
        self.stream, self.delay, self.started, self.shown = stream, delay, time.monotonic(), False

    def __call__(self, done: int, total: int) -> None:
        if time.monotonic() - self.started < self.delay:
            return
        self.stream.write(f"\rBuilding stories: {done}/{total}")
        self.stream.flush()
        self.shown = True

    def clear(self) -> None:
        """Remove the progress line before the summary is printed."""
        if self.shown:
            self.stream.write("\r\033[K")
            self.stream.flush()


def _run_align(args: argparse.Namespace) -> int:
    from site_builder.align import align_story
    from site_builder.config import load_config
    from site_builder.content import read_stories
    from site_builder.explain import describe_alignment

    config = load_config(args.config)
    stories = read_stories(config.content_path)
    if args.story:
        stories = [s for s in stories if s.slug == args.story]
        if not stories:
            raise SiteError(f"no story '{args.story}' in {config.content_path}")
    for story in stories:
        alignment = align_story(story, config.alignment)
        print(describe_alignment(story, alignment, explain=args.explain))
    return 0


def _run_serve(args: argparse.Namespace) -> int:
    from site_builder.serve import run_preview

    return run_preview(
        args.config,
        host=args.host,
        port=args.port,
        open_browser=args.open,
        output=args.output,
        force_output=args.force_output,
        verbose=args.verbosity > 0,
    )


def _run_gh_deploy(args: argparse.Namespace) -> int:
    from site_builder.config import load_config
    from site_builder.deploy import gh_deploy

    config = load_config(args.config, base_url=args.base_url)
    report = gh_deploy(
        config,
        remote=args.remote,
        branch=args.branch,
        message=args.message,
        push=not args.no_push,
        force_output=args.force_output,
    )
    if args.verbosity >= 0:
        print(report.summary())
        where = f"branch '{args.branch}'" + ("" if args.no_push else f", pushed to {args.remote}")
        print(f"Published to {where}")
    return 0


def _run_import(args: argparse.Namespace) -> int:
    from site_builder.basil import import_basil

    folders = import_basil(args.path, args.output, limit=args.limit)
    articles = sum(len(list(f.glob("*.md"))) - 1 for f in folders)
    print(f"Imported {len(folders)} stories ({articles} articles) into {args.output}")
    return 0
