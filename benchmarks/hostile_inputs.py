"""How long the slow hostile inputs of issue 15 take to build or be refused; and how
the attacks of issue 25 on the build's own files and commands end.

Target (issue 15): every input under 1 MB builds or fails within 10 s. Runs the rows of
tests/test_hostile_inputs.py that used to take long (or hang), plus large ordinary
inputs, each on a fresh copy of a small built site, in a subprocess as a user would,
and prints the seconds, the exit status and the first line of standard error.

    python benchmarks/hostile_inputs.py [--limit 120] [NAME ...]

Target (issue 25): every row of tests/test_own_files.py ends in a clear error (or
builds, with its warning), with 0 tracebacks, 0 hangs, 0 data lost and 0 holes. With
--own-files, runs those rows (plus an `import url` from a trickling server with the
default deadline, 60 s) and prints each row's outcome, then the table of outcomes;
--code runs another checkout's code (e.g. the code before issue 25) on the same rows.

    python benchmarks/hostile_inputs.py --own-files [--code DIR] [--limit 20] [NAME ...]

Round seventeen's rows (in tests/test_own_files.py, so run here too): the cache's
site.json, sources.json, a story's entry, the journal and an import's record nested too
deeply for json.loads (RecursionError), and a named pipe in place of a cache file or the
spare copy's lock; before: 5 tracebacks and 5 hangs of the 10, after: 10 clear.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.test_hostile_inputs import CASES, Case, article, run, site_yml, small_site  # noqa: E402

SLOW = [
    "an alias bomb in site.yml",
    "an alias bomb in alignments.yml",
    "an alias bomb in front matter",
    "20,000 aliases",
    "10,000 nested [ in site.yml",
    "a 20 MB word",
    "200 KB of initials",
    "100 KB of Mr. Smith",
    "a named pipe as an article",
    "a symbolic link loop",
]
EXTRA = [
    Case(
        "20,000 names under alignment.aliases (site.yml, 1 MB)",
        lambda s: site_yml(
            s,
            "title: T\nalignment:\n  aliases:\n"
            + "".join(f"    Name{i}: [Spelling{i}, Other{i}]\n" for i in range(20_000)),
        ),
    ),
    Case("a 1 MB paragraph", lambda s: article(s, body=" ".join(["w Kyiv talks."] * 75_000))),
    Case(
        "30,000 paragraphs (1 MB)",
        lambda s: article(
            s,
            body="\n\n".join(f"Word{i % 3000} met Kyiv{i % 7} in Istanbul." for i in range(30_000)),
        ),
    ),
    Case("a 1 MB word", lambda s: article(s, body="w" * 1_000_000)),
    Case("100 words of 9,999 letters", lambda s: article(s, body=" ".join(["b" * 9999] * 100))),
]


def own_files(args: argparse.Namespace) -> None:
    """Run the rows of issue 25 (see the module's docstring) and print their outcomes."""
    from dataclasses import replace

    from tests import test_own_files as attacks

    slow = replace(
        next(c for c in attacks.CASES if c.name.startswith("import url from a server")),
        name="import url from a server that trickles for ever, default deadline",
        command=("import", "url", "{url}", *attacks.IMPORT),
        line="Error: {url}: the page did not arrive within 60 s; try again later, or allow "
        "longer with --timeout",
    )
    cases = [*attacks.CASES, slow]
    if args.names:
        cases = [c for c in cases if c.name in args.names]
    counts = dict.fromkeys(attacks.OUTCOMES, 0)
    code = attacks.CODE = Path(args.code).resolve() if args.code else None
    with tempfile.TemporaryDirectory() as tmp:
        built = attacks.small_site(Path(tmp) / "built", code)
        for number, case in enumerate(cases):
            root = Path(tmp) / f"case-{number}"
            root.mkdir()
            try:
                site, outside, before = attacks.prepare(case, built, root)
            except BaseException as exc:  # pytest.skip: cannot mount here
                print(f"  (skipped)  {case.name}: {exc}")
                continue
            limit = 75 if case is slow else min(args.limit, attacks.HANG_GUARD)
            started = time.perf_counter()
            try:
                result = attacks.run_case(case, site, outside, code=code, timeout=limit)
                judged = attacks.judge(case, site, outside, result, before)
            finally:
                case.cleanup(site, outside)
            seconds = time.perf_counter() - started
            counts[judged.outcome] += 1
            why = f"  ({judged.why[:150]})" if judged.why else ""
            why = why.replace("\n", " | ")
            print(f"{seconds:6.2f} s  {judged.outcome:<11}  {case.name}{why}", flush=True)
            shutil.rmtree(root, ignore_errors=True)
    print()
    print("| tried | " + " | ".join(attacks.OUTCOMES) + " |")
    print("|---" * (len(attacks.OUTCOMES) + 1) + "|")
    print(
        f"| {sum(counts.values())} | " + " | ".join(str(counts[o]) for o in attacks.OUTCOMES) + " |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=float, default=120, help="seconds before giving up")
    parser.add_argument("--own-files", action="store_true", help="run the rows of issue 25")
    parser.add_argument("--code", help="with --own-files: the site-builder checkout to run")
    parser.add_argument("names", nargs="*", help="only these cases")
    args = parser.parse_args()
    if args.own_files:
        own_files(args)
        return
    cases = [c for c in CASES if c.name in SLOW] + EXTRA
    if args.names:
        cases = [c for c in cases if c.name in args.names]
    with tempfile.TemporaryDirectory() as tmp:
        built = small_site(Path(tmp) / "built")
        for number, case in enumerate(cases):
            site = Path(tmp) / f"case-{number}"
            shutil.copytree(built, site, symlinks=True)
            case.make(site)
            started = time.perf_counter()
            try:
                result = run(site, *case.command, timeout=args.limit)
                seconds = time.perf_counter() - started
                lines = result.stderr.decode("utf-8", "replace").splitlines()
                said = lines[0][:90] if lines else ""
                print(f"{seconds:7.2f} s  exit {result.returncode}  {case.name}  {said}")
            except subprocess.TimeoutExpired:
                print(f"{args.limit:7.2f} s  (stopped)  {case.name}")
            shutil.rmtree(site, ignore_errors=True)


if __name__ == "__main__":
    main()
