"""Command line: `site-builder new | build | align | serve | check | export | import`.

Mistakes in the user's files end in one line naming the file and line (exit status 1),
never a traceback; anything else is a bug and keeps its traceback. A mistake in the
command line is one `Error:` line too (exit status 2); Ctrl-C says "Stopped." (exit
status 130), and output cut short by its reader (`| head`) ends quietly.

This module imports little at first (the steps' modules are imported by the commands
that use them), so that Ctrl-C pressed as the command starts is met by `main`.
"""

from __future__ import annotations

import argparse
import logging
import os
import re
import signal
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, nullcontext, suppress
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, TextIO

from site_builder import __version__
from site_builder.core.errors import SiteError, printable

if TYPE_CHECKING:
    from concurrent.futures import Executor

    from site_builder.core.model import Alignment, Story

    Commands = argparse._SubParsersAction[argparse.ArgumentParser]
    """The commands of site-builder's parser, as add_subparsers gives them."""

log = logging.getLogger("site_builder")

CACHE_DIR = ".site-builder-cache"
"""cache.CACHE_DIR, for the help text: importing the cache (and with it the settings,
reader and writer) would cost `--version` and `check` more than all their own work."""


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    from site_builder import _stopped_while_starting

    try:
        if signal.getsignal(signal.SIGINT) is _stopped_while_starting:
            signal.signal(signal.SIGINT, signal.default_int_handler)  # met below now
        args = _parser().parse_args(argv)
        _configure_logging(args.verbosity)
        status = args.run(args)
        sys.stdout.flush()  # here, where a reader that went away is met (below)
        return status
    except SiteError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt as exc:
        return stopped(getattr(exc, "said", ""))
    except RuntimeError as exc:  # Python 3.11 wraps a Ctrl-C that lands as a class is
        if isinstance(exc.__cause__, KeyboardInterrupt):  # made (a cached_property's
            return stopped()  # __set_name__, while a module is imported) in this
        raise
    except BrokenPipeError:  # `site-builder align | head`: the reader has what it wanted
        _quiet_stdout()
        return 1


def run() -> NoReturn:
    """The `site-builder` command: run the command line (main) and end the process with
    its exit status, without Python's own teardown where nothing needs it.

    Python frees every object a command made, one by one, before the process ends: after
    a rebuild that took 50 to 100 ms, a fifth of the rebuild. Once main has returned,
    every file the command wrote is closed (each is written in a `with` block, or
    atomically) and its worker processes are gone, so the process flushes its output,
    runs the exit handlers libraries registered (logging's among them) and ends at once.
    Where another thread is still running (none should be), Python ends as usual: it
    waits for it."""
    import threading

    try:
        status = main()
    except KeyboardInterrupt:  # between main()'s end and here
        status = stopped()
    if threading.active_count() > 1:
        sys.exit(status)
    try:
        _run_exit_handlers()
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:  # the reader went away: as main does
        status = status or 1
    except KeyboardInterrupt:
        status = stopped()
    os._exit(status)


def _run_exit_handlers() -> None:
    """What Python runs as it ends (the functions registered with atexit)."""
    import atexit

    run_handlers = getattr(atexit, "_run_exitfuncs", None)
    if run_handlers is not None:
        run_handlers()
    else:  # not CPython: the one handler site-builder relies on
        logging.shutdown()


def stopped(said: str = "") -> int:
    """Say that Ctrl-C stopped the command (and `said`: what a stopped build leaves, see
    StoppedBuild); its exit status (130, as shells give). In the `site-builder` process,
    a second Ctrl-C while Python shuts down is ignored: the status stays the one said."""
    from site_builder import _started_as_the_command

    if _started_as_the_command():
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        _forget_unhandled_interrupt()
    print(printable(f"Stopped. {said}") if said else "Stopped.", file=sys.stderr)
    return 130


class StoppedBuild(KeyboardInterrupt):
    """A Ctrl-C that stopped `build`, with what it leaves (`said`): whether the output
    folder is as it was, and how many stories the build cache keeps for the next build."""

    def __init__(self, said: str) -> None:
        super().__init__(said)
        self.said = said


def _forget_unhandled_interrupt() -> None:
    """CPython (3.11 at least) marks a Ctrl-C that lands inside exec() of a text (as
    dataclasses and namedtuple make their classes) as never handled, even once it is,
    and then ends the process by SIGINT (status -2) instead of with the status given:
    clear that mark, where this Python has it."""
    with suppress(Exception):
        import ctypes

        ctypes.c_int.in_dll(ctypes.pythonapi, "_Py_UnhandledKeyboardInterrupt").value = 0


def _quiet_stdout() -> None:
    """Send what is left of standard output nowhere, so that nothing more is written to
    the closed pipe (Python would report that at exit)."""
    with suppress(OSError, ValueError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


class _Parser(argparse.ArgumentParser):
    """argparse, with a mistake in the command line said as one `Error:` line."""

    def error(self, message: str) -> NoReturn:
        """Say the mistake in one line (with where to read more), exit with status 2."""
        text = f"Error: {self.prog}: {message}{_meant_choice(message)} (see '{self.prog} --help')"
        self.exit(2, printable(text) + "\n")


def _meant_choice(message: str) -> str:
    """'; did you mean 'build'?' for argparse's message about a command or choice that
    looks like one of its choices misspelt ('biuld'), else ''."""
    found = re.search(r"invalid choice: '?(.*?)'? \(choose from (.*)\)$", message)
    if found is None:
        return ""
    from site_builder.core.text import did_you_mean

    return did_you_mean(found.group(1), re.findall(r"[\w.-]+", found.group(2)))


def _port(value: str) -> int:
    """A TCP port number: 1 to 65535."""
    try:
        port = int(value)
    except ValueError:
        port = 0
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"the port must be from 1 to 65535, not {value!r}")
    return port


def _seconds(value: str) -> float:
    """A number of seconds above 0."""
    try:
        seconds = float(value)
    except ValueError:
        seconds = 0
    if not 0 < seconds < 1e6:
        raise argparse.ArgumentTypeError(f"must be a number of seconds above 0, not {value!r}")
    return seconds


def _at_least_one(value: str) -> int:
    """A whole number of 1 or more (a count of stories or processes): 0 or -3 is a
    mistake on the command line, said as one (exit status 2), not a silent slice."""
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number of 1 or more, not {value!r}")
    return number


def _parser() -> argparse.ArgumentParser:
    """site-builder's command line: its commands, each with its options and help."""
    parser = _Parser(
        prog="site-builder",
        description="Build a static site that puts different outlets' reporting of the same "
        "events side by side.",
        epilog="A site is a folder with site.yml (its settings) and content/<story>/"
        "<article>.md files: one folder per story, one Markdown file per article, with "
        "title and outlet in its front matter. 'site-builder new DIR' writes one to "
        "start from; 'site-builder COMMAND --help' tells more of each command.",
    )
    parser.add_argument("--version", action="version", version=f"site-builder {__version__}")
    parser.set_defaults(run=lambda _: parser.print_help() or 0, verbosity=0)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")
    _add_new_command(commands)
    _add_build_command(commands)
    _add_align_command(commands)
    _add_serve_command(commands)
    _add_gh_deploy_command(commands)
    _add_export_command(commands)
    _add_check_command(commands)
    _add_import_command(commands)
    return parser


def _add_new_command(commands: Commands) -> None:
    """`site-builder new DIR`: write a site to start from."""
    new = commands.add_parser(
        "new",
        help="start a site of your own: settings, an example story, a publishing workflow",
        description="Write a working site into DIR (a new or empty folder): site.yml, an "
        "example story of three short invented articles to replace with your own, a "
        ".gitignore, and a GitHub Actions workflow that publishes the site on GitHub Pages "
        "(with requirements.txt, which names the site-builder it installs).",
    )
    new.add_argument("dir", type=Path, metavar="DIR", help="the folder to create the site in")
    new.set_defaults(run=_run_new)


def _add_build_command(commands: Commands) -> None:
    """`site-builder build`: build the site into its output folder."""
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
        type=_at_least_one,
        metavar="N",
        help="stories built at once, in that many processes: 1 or more (default: the "
        "number of cores)",
    )
    build.add_argument(
        "--no-cache",
        action="store_true",
        help=f"align and render every story again, ignoring {CACHE_DIR}/",
    )
    build.add_argument(
        "--strict",
        action="store_true",
        help="treat warnings as errors: the first one stops the build (exit 1) and "
        "nothing is written to the output",
    )
    build.add_argument(
        "--dask",
        metavar="ADDRESS",
        help="build the stories on the dask.distributed scheduler at ADDRESS (e.g. "
        "tcp://10.0.0.5:8786) instead of local processes; needs the [dask] extra and the "
        "site's folder at the same path on every worker",
    )
    build.set_defaults(run=_run_build)


def _add_align_command(commands: Commands) -> None:
    """`site-builder align [STORY]`: print which passages were aligned, and why."""
    align = commands.add_parser(
        "align",
        help="show which passages were aligned, and why",
        description="Print each aligned group of a story (or of every story): its "
        "outlets, passages, score, title and the opening words of each passage, then "
        "the passages left unaligned; with --explain, also why they are linked.",
    )
    _common(align)
    align.add_argument("story", nargs="?", help="story slug (default: every story)")
    align.add_argument(
        "--explain",
        action="store_true",
        help="also print each member's sentences that report the event, and why the "
        "aligner links them (the specific things they share, their similarity) or, for a "
        "related group, why not the same event",
    )
    align.set_defaults(run=_run_align)


def _add_serve_command(commands: Commands) -> None:
    """`site-builder serve`: preview the site, rebuilt on every change."""
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
        type=_port,
        default=8000,
        help="port to listen on, from 1 to 65535; the next free one is used if it is "
        "taken (default: 8000)",
    )
    serve.add_argument("--open", action="store_true", help="open the site in a web browser")
    serve.add_argument(
        "--poll",
        action="store_true",
        help="check the files every second instead of waiting for the system to report "
        "changes (for folders whose changes it does not report, e.g. on a network drive)",
    )
    _output_option(serve)
    _force_output_option(serve)
    serve.set_defaults(run=_run_serve)


def _add_gh_deploy_command(commands: Commands) -> None:
    """`site-builder gh-deploy`: build, commit to gh-pages and push."""
    deploy = commands.add_parser(
        "gh-deploy",
        help="build the site, commit it to the gh-pages branch and push it",
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


def _add_export_command(commands: Commands) -> None:
    """`site-builder export [STORY]`: the aligned links as CSV or JSON Lines."""
    from site_builder.render.export import FORMATS

    export = commands.add_parser(
        "export",
        help="write the aligned links of a story as CSV or JSON Lines, for analysis",
        description="Read and align a story as 'align' does (no build needed) and write "
        "one row per link between two passages: story, event id and title, tier (event: "
        "the same event; related: a weaker link), time, score, and for each side the "
        "outlet, article, passage id and the sentences that report the event. CSV has a "
        "header row; JSON Lines has one object per line; both UTF-8.",
    )
    _common(export)
    export.add_argument("story", nargs="?", help="story slug (default: every story)")
    export.add_argument(
        "--format", choices=FORMATS, default="csv", help="csv (default) or jsonl (JSON Lines)"
    )
    export.add_argument(
        "--output",
        "-o",
        type=Path,
        metavar="FILE",
        help="file to write (default: standard output)",
    )
    export.add_argument(
        "--schema",
        action="store_true",
        help="print the JSON Schema of the built site's alignments.json instead",
    )
    export.set_defaults(run=_run_export)


def _add_check_command(commands: Commands) -> None:
    """`site-builder check`: every link of the built site leads somewhere."""
    check = commands.add_parser(
        "check",
        help="check that every link of the built site leads somewhere",
        description="Check the built site: every internal link, #fragment and asset "
        "(stylesheet, script, image) of every page must resolve to a file of the site "
        "(absolute links, as 404.html has, under base_url). Prints each broken one as "
        "'page: link' and exits with status 1; links to other sites are not followed.",
    )
    _common(check)
    check.add_argument(
        "--output",
        type=Path,
        metavar="DIR",
        help="the built site to check (default: output_dir in site.yml)",
    )
    _base_url_option(check)
    check.set_defaults(run=_run_check)


def _add_import_command(commands: Commands) -> None:
    """`site-builder import basil|html|url`: content files from a corpus or web pages."""
    importer = commands.add_parser(
        "import",
        help="turn a corpus or web pages into content files",
        description="Write articles as content/<story>/<article>.md files: from the BASIL "
        "corpus (one story per event), or from web pages (needs the [import] extra: "
        "pip install 'site-builder[import]').",
    )
    sources = importer.add_subparsers(title="sources", metavar="SOURCE", required=True)
    _add_import_basil_command(sources)
    _add_import_page_commands(sources)


def _add_import_basil_command(sources: Commands) -> None:
    """`site-builder import basil PATH`: one story per event of the BASIL corpus."""
    basil = sources.add_parser(
        "basil",
        help="the BASIL corpus, one story per event",
        description="Write the BASIL corpus's articles as content/<story>/<article>.md "
        "files, one story per event.",
    )
    basil.add_argument(
        "path",
        type=Path,
        help="the corpus folder (BASIL: the folder that holds articles/ and annotations/)",
    )
    _content_option(basil, "stories")
    basil.add_argument(
        "--limit",
        type=_at_least_one,
        metavar="N",
        help="import only the first N stories, in the order of BASIL's event ids (default: all)",
    )
    basil.add_argument(
        "--story",
        action="append",
        metavar="NAME",
        help="import only this story: its folder name as the import writes it (e.g. "
        "2014-bruce-braley-apologizes-for-farmer-comments) or its BASIL event id; give "
        "it again for more (default: every story)",
    )
    basil.add_argument(
        "--overwrite",
        action="store_true",
        help="replace files changed since an earlier import wrote them (by default such a "
        "file is kept and the import stops, naming it)",
    )
    basil.set_defaults(run=_run_import, verbosity=0)


def _add_import_page_commands(sources: Commands) -> None:
    """`site-builder import html FILE|DIR...` and `import url URL...`: an article from
    each web page, saved or fetched."""
    page_help = (
        "one content file per article: title, outlet (the site's name), author, date, "
        "address and language from the page's metadata, left out when the page does not "
        "give them; the article's own paragraphs, without navigation, footers, captions, "
        "image credits or reader comments. Read the files through before you publish. "
        "Needs the [import] extra: pip install 'site-builder[import]'."
    )
    html = sources.add_parser(
        "html",
        help="articles from saved web pages",
        description="Import articles from web pages saved as HTML files: " + page_help,
    )
    html.add_argument(
        "paths",
        nargs="+",
        type=Path,
        metavar="FILE|DIR",
        help="saved pages, or folders of them (their .html and .htm files)",
    )
    _page_import_options(html)
    url = sources.add_parser(
        "url",
        help="articles from web addresses (fetches each page named, nothing else)",
        description="Fetch each address named, and nothing else, and import its article: "
        + page_help,
    )
    url.add_argument("urls", nargs="+", metavar="URL", help="http:// or https:// addresses")
    url.add_argument(
        "--timeout",
        type=_seconds,
        default=60,
        metavar="SECONDS",
        help="the longest a page may take to arrive, in all: more than 0 (default: 60)",
    )
    _page_import_options(url)


def _content_option(command: argparse.ArgumentParser, what: str) -> None:
    """The --output option of an import: the content folder it writes `what` into."""
    command.add_argument(
        "--output",
        type=Path,
        metavar="DIR",
        help=f"content folder to write the {what} into (default: content_dir of the "
        "site.yml in this folder, else content)",
    )


def _content_folder(output: Path | None) -> Path:
    """The content folder an import writes into: --output, else the one the site.yml
    in the current folder names (where a build will look for the stories: a site with
    content_dir: articles would never see an import into content/), else content."""
    if output is not None:
        return output
    if not Path("site.yml").is_file():
        return Path("content")
    from site_builder.core.config import load_config

    return Path(load_config(Path("site.yml")).content_dir)


def _page_import_options(command: argparse.ArgumentParser) -> None:
    """The options `import html` and `import url` share: --story, --outlet, --output."""
    command.add_argument(
        "--story",
        required=True,
        metavar="SLUG",
        help="the story the articles belong to: its folder under the content folder, "
        "e.g. ferry-vote (created if new)",
    )
    command.add_argument(
        "--outlet",
        metavar="NAME",
        help="the outlet's name, instead of the site name the page gives",
    )
    _content_option(command, "story")
    command.set_defaults(run=_run_import_pages, verbosity=0)


def _common(command: argparse.ArgumentParser) -> None:
    """The options every command that reads a site takes: --config, and -q or -v."""
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
    """--output: the folder a build writes the site to, instead of output_dir."""
    command.add_argument(
        "--output",
        type=Path,
        metavar="DIR",
        help="folder to write the site to, a folder of its own: a build replaces everything "
        "in it (default: output_dir in site.yml)",
    )


def _force_output_option(command: argparse.ArgumentParser) -> None:
    """--force-output: replace an output folder site-builder did not write."""
    command.add_argument(
        "--force-output",
        action="store_true",
        help="replace the output folder even if site-builder did not write it (a build "
        "refuses to replace a non-empty folder without its .site-builder-output file)",
    )


def _base_url_option(command: argparse.ArgumentParser) -> None:
    """--base-url: the path the site is served under, instead of base_url."""
    command.add_argument(
        "--base-url",
        metavar="URL",
        help="path the site is served under, e.g. /repo-name/ (default: base_url in site.yml)",
    )


def _configure_logging(verbosity: int) -> None:
    """Send site-builder's log to standard error, one line a message, as loud as
    `verbosity` says (-1: warnings only, 0: and what it did, 1: and each step)."""
    level = {-1: logging.WARNING, 0: logging.INFO, 1: logging.DEBUG}[verbosity]
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_OneLineFormatter("%(levelname)s: %(message)s"))
    log.handlers[:] = [handler]
    log.setLevel(level)
    log.propagate = False


class _OneLineFormatter(logging.Formatter):
    """Each message on one line, control characters (a file name's or a front-matter
    key's ESC codes) escaped rather than acted on by the terminal. (A traceback logged
    with a message keeps its lines.)"""

    def formatMessage(self, record: logging.LogRecord) -> str:
        return printable(super().formatMessage(record))


def _run_build(args: argparse.Namespace) -> int:
    """Build as `args` say: `--strict` stops at the first warning the build's report
    holds (see build.BuildPlan), before anything is written to the output. At the
    build's pace of the garbage collector from its first import on (collector.py)."""
    from site_builder.core.collector import fewer_collections

    with fewer_collections():
        return _built(args)


def _built(args: argparse.Namespace) -> int:
    """Build the site as `args` say, showing the count of stories built on a terminal;
    print the build's summary and return 0, or on Ctrl-C say what the stopped build
    leaves (StoppedBuild)."""
    from site_builder.commands.build import make_plan, run_plan
    from site_builder.core.config import load_config
    from site_builder.core.parsed import ParsedCopies

    copies = ParsedCopies(None if args.no_cache else Path(args.config).parent / CACHE_DIR)
    config = load_config(args.config, base_url=args.base_url, output_dir=args.output, copies=copies)
    progress = Progress(sys.stderr if args.verbosity >= 0 and sys.stderr.isatty() else None)
    before = _folder_identity(config.output_path)
    for handler in log.handlers:  # a warning said while the progress line shows
        handler.addFilter(progress.before_a_line)
    try:
        with _executor(args.dask) as executor:
            plan = make_plan(
                config,
                jobs=args.jobs,
                use_cache=not args.no_cache,
                executor=executor,
                force_output=args.force_output,
                strict=args.strict,
            )
            report = run_plan(plan, progress=progress)
    except KeyboardInterrupt:
        progress.clear()
        kept = None if args.no_cache else progress.counted
        raise StoppedBuild(_left_by_a_stopped_build(config.output_path, before, kept)) from None
    finally:
        for handler in log.handlers:
            handler.removeFilter(progress.before_a_line)
    copies.keep()
    progress.clear()
    if args.verbosity >= 0:
        print(report.summary())
    return 0


def _executor(scheduler: str | None) -> AbstractContextManager[Executor | None]:
    """The executor --dask names (a Dask cluster's), or None: the build's own workers."""
    if not scheduler:
        return nullcontext()
    from site_builder.commands.distribute import dask_executor

    return dask_executor(scheduler)


def _folder_identity(path: Path) -> tuple[int, int] | None:
    """The device and inode of the folder at `path` (None: there is none). A build
    swaps the new site in whole, as a new folder (write.py): a folder of another
    identity at `path` afterwards is the new site."""
    try:
        found = os.lstat(path)
    except (OSError, ValueError):
        return None
    return found.st_dev, found.st_ino


def _left_by_a_stopped_build(
    output: Path, before: tuple[int, int] | None, kept: tuple[int, int] | None
) -> str:
    """What a build stopped by Ctrl-C leaves, said after "Stopped.": the output folder as
    it was, or the new site already swapped in; and `kept`, the (stories built, stories
    of the site) the build cache holds for the next build, when it counted any (None
    with --no-cache, which keeps nothing)."""
    after = _folder_identity(output)
    if after is not None and after != before:
        return f"The new site was already in place in {output}."
    if after is None:
        said = f"Nothing was written to {output}"
    elif os.path.ismount(output):  # written into, not swapped: see write.py
        said = f"{output} is as it was, or the next build finishes writing the new site into it"
    else:
        said = f"{output} is as it was (the previous site)"
    if kept is None:
        return f"{said}; with --no-cache nothing is kept for the next build."
    done, total = kept
    if not done:
        return f"{said}."
    return (  # at least: a worker may keep the story it was building as it ends
        f"{said}; at least {done} of {total} stories are built and kept in the build "
        "cache: the next build starts from them."
    )


class Progress:
    """'Building stories: 37/100' on a terminal (`stream`), once a build has taken a
    second or so; without one (None), only the count (`counted`), for what a stopped
    build says it leaves."""

    DELAY = 1.0
    """Seconds a build runs before the count shows (a quick build shows none)."""

    def __init__(self, stream: TextIO | None, delay: float | None = None) -> None:
        self.stream, self.started, self.shown = stream, time.monotonic(), False
        self.delay = self.DELAY if delay is None else delay
        self.counted: tuple[int, int] = (0, 0)
        """The last count: stories built (or found in the cache) and the site's stories."""

    def __call__(self, done: int, total: int) -> None:
        self.counted = (done, total)
        if self.stream is None or time.monotonic() - self.started < self.delay:
            return
        self.stream.write(f"\rBuilding stories: {done}/{total}")
        self.stream.flush()
        self.shown = True

    def clear(self) -> None:
        """Remove the progress line (before the summary, a warning or "Stopped.")."""
        if self.shown:
            self.stream.write("\r\033[K")
            self.stream.flush()
            self.shown = False

    def before_a_line(self, record: logging.LogRecord) -> bool:
        """A logging filter: clear the progress line before a warning is said on the same
        stream, so the warning starts a line of its own (the count comes back with the
        next story); the record is always said."""
        self.clear()
        return True


def _run_align(args: argparse.Namespace) -> int:
    """`align`: print each story's groups and unaligned passages (and why, --explain)."""
    from site_builder.commands.explain import describe_alignment

    for story, alignment in _aligned_stories(args.config, args.story):
        print(describe_alignment(story, alignment, explain=args.explain))
    return 0


def _aligned_stories(config_path: Path, slug: str | None) -> Iterator[tuple[Story, Alignment]]:
    """Each story of the site (or only the story `slug`) read and aligned as a build
    does, without building it."""
    from site_builder.align.language import load_language
    from site_builder.commands.build import align_for_site
    from site_builder.core.config import load_config
    from site_builder.read.content import read_stories

    config = load_config(config_path)
    stories = read_stories(config.content_path, config.language)
    if slug:
        known = [s.slug for s in stories]
        slug = _story_named(slug, config.content_path, known)
        stories = [s for s in stories if s.slug == slug]
        if not stories:
            from site_builder.core.text import closest

            close = closest(slug, known)
            meant = f"did you mean '{close[0]}'? " if close else ""
            some = ", ".join(known[:10]) + (f" and {len(known) - 10} more" if known[10:] else "")
            raise SiteError(
                f"no story '{slug}' in {config.content_path}; {meant}name one of its "
                f"stories: {some or 'it has none'}"
            )
    language = load_language(config.language)
    for story in stories:
        yield story, align_for_site(story, config, language)


def _story_named(name: str, content: Path, known: list[str]) -> str:
    """The story `name` names: its slug, or the path of its folder (`content/talks/`, as
    a shell completes it), which names the slug of that folder."""
    if name in known or ("/" not in name and os.sep not in name):
        return name
    with suppress(OSError, ValueError):
        folder = Path(name).resolve()
        if folder.parent == content.resolve() and folder.name in known:
            return folder.name
    return name


def _run_export(args: argparse.Namespace) -> int:
    """`export`: write the aligned links (or alignments.json's schema, --schema) to
    --output or standard output."""
    from site_builder.render.export import alignments_schema_text, link_rows, rows_text

    if args.schema:
        text = alignments_schema_text()
    else:
        rows = [
            row for pair in _aligned_stories(args.config, args.story) for row in link_rows(*pair)
        ]
        text = rows_text(rows, args.format)
    if args.output is None:
        _write_stdout(text)
        return 0
    try:
        args.output.write_text(text, encoding="utf-8", newline="")
    except OSError as exc:
        raise SiteError(f"cannot write the export: {exc.strerror}", args.output) from None
    if args.verbosity >= 0 and not args.schema:
        print(f"Wrote {len(rows)} link{'' if len(rows) == 1 else 's'} to {args.output}")
    return 0


def _write_stdout(text: str) -> None:
    """Write text to standard output as UTF-8, whatever the terminal's encoding."""
    sys.stdout.flush()
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:
        sys.stdout.write(text)
    else:
        buffer.write(text.encode("utf-8"))
        buffer.flush()


def _run_serve(args: argparse.Namespace) -> int:
    """`serve`: build, serve and rebuild on every change until stopped."""
    from site_builder.commands.serve import run_preview

    return run_preview(
        args.config,
        host=args.host,
        port=args.port,
        open_browser=args.open,
        output=args.output,
        poll=args.poll,
        force_output=args.force_output,
        verbose=args.verbosity > 0,
    )


def _run_gh_deploy(args: argparse.Namespace) -> int:
    """`gh-deploy`: build, commit the site to --branch and push it (unless --no-push)."""
    from site_builder.commands.deploy import gh_deploy
    from site_builder.core.config import load_config

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
        if args.no_push:
            print(
                f"Committed the site to branch '{args.branch}', not pushed: "
                f"'git push {args.remote} {args.branch}' publishes it"
            )
        else:
            print(f"Published to branch '{args.branch}', pushed to {args.remote}")
    return 0


def _run_import(args: argparse.Namespace) -> int:
    """`import basil`: write the corpus's stories into the content folder; say how many
    and what to do next."""
    from site_builder.importers.basil import import_basil

    content = _content_folder(args.output)
    only = set(args.story) if args.story else None
    folders = import_basil(
        args.path, content, limit=args.limit, only=only, overwrite=args.overwrite
    )
    articles = sum(len(list(f.glob("*.md"))) - 1 for f in folders)
    stories = f"{len(folders)} stor{'y' if len(folders) == 1 else 'ies'}"
    print(f"Imported {stories} ({articles} article{'' if articles == 1 else 's'}) into {content}")
    print(next_after_import(content))
    return 0


NEXT_AFTER_IMPORT = (
    "Next: 'site-builder serve' to preview the site as you edit, "
    "or 'site-builder build' to write it to output/"
)


def next_after_import(content: Path) -> str:
    """The step after an import into `content`: preview or build, and first, where no
    site.yml is here or beside that folder (an import into an empty folder), write one:
    a build would stop without it."""
    if Path("site.yml").is_file() or (content.parent / "site.yml").is_file():
        return NEXT_AFTER_IMPORT
    return (
        f"Next: write a site.yml beside {content}/ (a line 'title: ...' is enough), then "
        "'site-builder serve' to preview the site as you edit, or 'site-builder build' "
        "to write it to output/"
    )


def _run_import_pages(args: argparse.Namespace) -> int:
    """`import html` and `import url`: write one content file per page into the story
    --story names; list them and say what to read through before publishing."""
    from site_builder.importers.webpage import import_html, import_urls

    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", args.story):
        raise SiteError(
            f"--story {args.story!r} is not a story address; use lower-case letters, "
            "digits and hyphens, e.g. ferry-vote"
        )
    story = _content_folder(args.output) / args.story
    if hasattr(args, "urls"):
        written = import_urls(args.urls, story, outlet=args.outlet, timeout=args.timeout)
    else:
        written = import_html(args.paths, story, outlet=args.outlet)
    print(f"Imported {len(written)} article{'' if len(written) == 1 else 's'} into {story}:")
    for path in written:
        print(f"  {path.name}")
    print(
        "Read each file through: keep only the article's own words, and leave out or "
        "write 'unknown' for any fact the page did not give."
    )
    print(next_after_import(story.parent))
    return 0


def _run_check(args: argparse.Namespace) -> int:
    """`check`: every link of the built site leads somewhere; each broken one printed,
    and then a SiteError (exit 1)."""
    from site_builder.commands.check import check_site
    from site_builder.core.config import load_config

    config = load_config(args.config, base_url=args.base_url, output_dir=args.output)
    if not (config.output_path / "index.html").is_file():
        raise SiteError("no built site here; run 'site-builder build' first", config.output_path)
    report = check_site(config.output_path, config.base_url)
    for broken in report.broken:
        print(broken)
    if report.broken:
        raise SiteError(report.summary(), config.output_path)
    if args.verbosity >= 0:
        print(report.summary())
    return 0


def _run_new(args: argparse.Namespace) -> int:
    """`new DIR`: write a site to start from; list what was written and what to do next."""
    import shlex

    from site_builder.commands.scaffold import new_site

    written = new_site(args.dir)
    stories = sorted({p.split("/")[1] for p in written if p.startswith("content/")})
    rows = [("site.yml", "the site's settings: title, base_url, alignment")]
    for story in stories:
        articles = [
            p for p in written if p.startswith(f"content/{story}/") and not p.endswith("/_story.md")
        ]
        rows.append((f"content/{story}/", f"an example story: {len(articles)} invented articles"))
    rows += [
        (".github/workflows/pages.yml", "publishes the site on GitHub Pages on every push"),
        ("requirements.txt", "the site-builder that workflow installs"),
        (".gitignore", "keeps output/ and .site-builder-cache/ out of git"),
    ]
    print(f"Created a site in {args.dir}:")
    for path, what in rows:
        print(f"  {path:<29} {what}")
    print("Next:")
    if Path(args.dir).resolve() != Path.cwd().resolve():  # `new .`: no folder to go to
        print(f"  cd {shlex.quote(str(args.dir))}")
    print("  site-builder serve     preview the site at http://127.0.0.1:8000/ as you edit")
    print("  site-builder build     write the site to output/")
    return 0
