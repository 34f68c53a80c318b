"""`site-builder serve` as an editor meets it: save-to-reload latency, idle CPU, exit time.

Makes a site in a temporary folder (by default BASIL imported as 100 stories, from
../shared; `--site generated` makes 100 stories of its own, `--site bundled` copies the
repository's Istanbul story), starts `site-builder serve` on a free port and opens an
article in Debian's Chromium. Then:

- latency: edits the article --edits times and measures, for each save, how long until
  the page (reloaded by livereload, not by this script) shows the new words;
- idle CPU: the server's CPU time (all its threads, from /proc) over --idle seconds
  with the page open and nothing changing, as a percentage of one core;
- exit time: from Ctrl-C (SIGINT), and from SIGTERM, to the process having exited: first
  with the page open, then over --stops restarts, and Ctrl-C while a change of site.yml
  rebuilds every story; every stop must print "Stopped." and exit with status 0.

Targets: latency median <= 0.5 s and max <= 1 s; idle CPU near zero (< 1 % of a core);
exit <= 1 s.

    python benchmarks/serve_latency.py [--site basil|generated|bundled] [--edits 12]
        [--idle 10] [--stops 3] [--shared ../shared]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

from site_builder.importers.basil import import_basil

REPO = Path(__file__).resolve().parents[1]
TICKS = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def make_site(kind: str, shared: Path, root: Path) -> tuple[Path, Path]:
    """A site folder of the given kind and the article the edits go to."""
    site = root / "site"
    site.mkdir()
    if kind == "bundled":
        shutil.copy(REPO / "site.yml", site / "site.yml")
        shutil.copytree(REPO / "content", site / "content")
        return site, site / "content/istanbul-talks/putins-war-wont-end.md"
    (site / "site.yml").write_text(f"title: {kind}\nbase_url: /\n", encoding="utf-8")
    if kind == "basil":
        import_basil(shared / "corpora" / "basil", site / "content")
    else:
        generate_stories(site / "content", 100)
    first = sorted((site / "content").iterdir())[0]
    return site, sorted(p for p in first.glob("*.md") if p.name != "_story.md")[0]


def generate_stories(content: Path, count: int) -> None:
    """`count` stories of three short articles each, written for this benchmark."""
    for n in range(count):
        story = content / f"story-{n:03d}"
        story.mkdir(parents=True)
        for outlet in ("north", "south", "west"):
            paragraphs = [
                f"Officials of town {n} met envoys from {outlet} province on Monday {k}."
                f" They spoke about the bridge, the harbour and the {k} new schools."
                for k in range(8)
            ]
            (story / f"{outlet}.md").write_text(
                f"---\ntitle: Story {n} as {outlet} told it\noutlet: {outlet.title()} Post\n---\n\n"
                + "\n\n".join(paragraphs)
                + "\n",
                encoding="utf-8",
            )


class Server:
    """A running `site-builder serve` of `site`."""

    def __init__(self, site: Path):
        started = time.perf_counter()
        self.process = subprocess.Popen(
            [
                *(sys.executable, "-u", "-m", "site_builder", "serve"),
                *("--config", str(site / "site.yml"), "--port", str(free_port())),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.lines: list[str] = []
        line = ""
        while "Serving" not in line:
            line = self.process.stdout.readline()
            if not line:
                raise SystemExit("serve did not start:\n" + "".join(self.lines))
            self.lines.append(line)
        self.startup = time.perf_counter() - started
        self.url = re.search(r"at (\S+)", line).group(1)

    def wait_for(self, text: str) -> None:
        """Read the server's output until a line holds `text`."""
        while text not in (line := self.process.stdout.readline()):
            if not line:
                raise SystemExit(f"serve ended before printing {text!r}")
            self.lines.append(line)

    def cpu_seconds(self) -> float:
        """CPU time the server has used so far, all threads, user and system."""
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / TICKS

    def stop(self, how: signal.Signals) -> float:
        """Send `how`; seconds until the process has exited (checking it stopped well)."""
        started = time.perf_counter()
        self.process.send_signal(how)
        try:
            code = self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            raise SystemExit(f"serve did not stop within 30 s of {how.name}") from None
        seconds = time.perf_counter() - started
        self.lines.extend(self.process.stdout.read().splitlines(keepends=True))
        last = self.lines[-1].strip() if self.lines else ""
        if code != 0 or last != "Stopped.":
            print(f"  ({how.name}: exit status {code}, last line {last!r})")
        return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", choices=("basil", "generated", "bundled"), default="basil")
    parser.add_argument("--edits", type=int, default=12)
    parser.add_argument("--idle", type=float, default=10.0, help="seconds of idle measured")
    parser.add_argument("--stops", type=int, default=3)
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    args = parser.parse_args()
    if args.site == "basil" and not (args.shared / "corpora" / "basil").is_dir():
        print(f"(BASIL not found under {args.shared}: using 100 generated stories)")
        args.site = "generated"
    with tempfile.TemporaryDirectory() as tmp:
        site, article = make_site(args.site, args.shared, Path(tmp))
        page_path = f"{article.parent.name}/{article.stem}/index.html"
        stories = sum(1 for _ in (site / "content").iterdir())
        server = Server(site)
        startups = [server.startup]
        try:
            latencies, idle, first_exit = measure(server, page_path, article, args.edits, args.idle)
        finally:
            if server.process.poll() is None:
                server.process.kill()
        exits: dict[str, list[float]] = {
            "SIGINT": [first_exit],
            "SIGTERM": [],
            "SIGINT during a rebuild": [],
        }
        for how in [signal.SIGTERM] * args.stops + [signal.SIGINT] * (args.stops - 1):
            server = Server(site)
            startups.append(server.startup)
            time.sleep(2)  # idle, as a server is when the editor stops it
            exits[how.name].append(server.stop(how))
        config = site / "site.yml"
        for number in range(args.stops):  # a new title: every page is made again
            server = Server(site)
            text = re.sub(r"(?m)^title: .*", f"title: Site {number}", config.read_text())
            config.write_text(text, encoding="utf-8")
            server.wait_for("Changed: ")
            time.sleep(0.2)
            exits["SIGINT during a rebuild"].append(server.stop(signal.SIGINT))
    print(f"site: {args.site} ({stories} stories)")
    print(
        f"start-up to serving (s): first {startups[0]:.2f} (cold cache), "
        f"then median {statistics.median(startups[1:] or startups):.2f}"
    )
    print("save-to-reload latency (s): " + " ".join(f"{x:.3f}" for x in latencies))
    print(
        f"  median {statistics.median(latencies):.3f} (target <= 0.5), "
        f"max {max(latencies):.3f} (target <= 1.0)"
    )
    print(f"idle CPU over {args.idle:.0f} s with the page open: {idle:.2f} % of one core")
    for name, times in exits.items():
        print(
            f"exit after {name} (s): "
            + " ".join(f"{x:.3f}" for x in times)
            + f"  max {max(times):.3f} (target <= 1.0)"
        )


def measure(
    server: Server, page_path: str, article: Path, edits: int, idle_seconds: float
) -> tuple[list[float], float, float]:
    """Seconds from each save to the page showing the new text; then the idle CPU (%)
    and the exit time after Ctrl-C, with the page open."""
    original = article.read_text(encoding="utf-8")
    latencies = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=shutil.which("chromium"),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        page = browser.new_page()
        page.goto(server.url + page_path)
        page.wait_for_function(
            "window.LiveReload && LiveReload.connector.protocol > 0", timeout=10000
        )
        time.sleep(0.2)  # the server registers the page just after the handshake
        for number in range(edits):
            marker = f"Edited{number}x{os.getpid()}"
            started = time.perf_counter()
            article.write_text(original.rstrip() + f" {marker}\n", encoding="utf-8")
            page.wait_for_function(
                f"document.body.innerText.includes('{marker}')", timeout=30000, polling=10
            )
            latencies.append(time.perf_counter() - started)
            time.sleep(0.3)
        time.sleep(2)  # let the last rebuild's work end
        wall, cpu = time.perf_counter(), server.cpu_seconds()
        time.sleep(idle_seconds)
        idle = 100 * (server.cpu_seconds() - cpu) / (time.perf_counter() - wall)
        exit_time = server.stop(signal.SIGINT)  # with the page still open
        browser.close()
    return latencies, idle, exit_time


if __name__ == "__main__":
    main()
