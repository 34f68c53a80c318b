"""Publishing on GitHub Pages: at / and under a sub-path, every link works."""

from __future__ import annotations

import os
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from tests.conftest import REPO, served

WORKFLOW = REPO / ".github" / "workflows" / "pages.yml"


class Links(HTMLParser):
    """Every URL a page refers to (links, stylesheets, scripts, images) and its ids."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.ids: set[str] = set()
        self.meta: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if "id" in values:
            self.ids.add(values["id"])
        for attribute in ("href", "src"):
            if values.get(attribute) and tag in ("a", "link", "script", "img"):
                self.urls.append(values[attribute])
        if tag == "meta":
            key = values.get("name") or values.get("property")
            if key:
                self.meta[key] = values.get("content", "")


def build_site(*args: str) -> None:
    """`site-builder build -q ARGS`, run from the repository as a user would (without a
    cache, which would be kept in the repository)."""
    subprocess.run(
        [sys.executable, "-m", "site_builder", "build", "-q", "--no-cache", *args],
        cwd=REPO,
        check=True,
    )


def fetch(url: str) -> tuple[int, bytes, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read(), response.headers.get_content_type()
    except urllib.error.HTTPError as error:
        return error.code, b"", ""


def parse(body: bytes) -> Links:
    links = Links()
    links.feed(body.decode("utf-8"))
    return links


def crawl(start: str) -> tuple[set[str], list[str]]:
    """Visit every page reachable from `start` on its own site; return pages and breakages."""
    origin = "{0.scheme}://{0.netloc}".format(urllib.parse.urlsplit(start))
    seen, queue, broken, pages = set(), [start], [], {}
    references: list[tuple[str, str]] = []
    while queue:
        url = queue.pop().removesuffix("index.html")  # /a/ and /a/index.html: one page
        if url in seen:
            continue
        seen.add(url)
        status, body, kind = fetch(url)
        if status != 200:
            broken.append(f"{url}: {status}")
            continue
        if kind == "text/html":
            links = parse(body)
            pages[url] = links
            for ref in links.urls:
                target = urllib.parse.urljoin(url, ref)
                assert target.startswith(origin), f"{url} links off the site: {ref}"
                references.append((url, target))
                queue.append(urllib.parse.urldefrag(target).url)
    for source, target in references:
        page, fragment = urllib.parse.urldefrag(target)
        page = page.removesuffix("index.html")
        if fragment and page in pages and fragment not in pages[page].ids:
            broken.append(f"{source} -> {target}: no element with id {fragment!r}")
    return set(pages), broken


@pytest.fixture(scope="module", params=["/", "/some-repo/"])
def published(request, tmp_path_factory):
    """The bundled site built for a base path and served there by a plain static server."""
    base = request.param
    root = tmp_path_factory.mktemp("pages")
    output = root / base.strip("/") if base != "/" else root / "site"
    build_site("--output", str(output), "--base-url", base)
    with served(root if base != "/" else output) as url:
        yield {"url": url + base.removeprefix("/"), "output": output, "base": base}


def test_crawl_finds_no_broken_link_or_asset(published):
    pages, broken = crawl(published["url"])
    assert broken == []
    html_files = [p for p in published["output"].rglob("*.html") if p.name != "404.html"]
    assert len(pages) == len(html_files)


def test_404_page_works_at_any_depth(published):
    status, body, _ = fetch(published["url"] + "404.html")
    assert status == 200
    deep = published["url"] + "no/such/deep/page/"
    for ref in parse(body).urls:
        if ref.startswith("#"):
            continue  # within the page itself
        assert ref.startswith(published["base"]), ref  # absolute: the same from any depth
        assert fetch(urllib.parse.urljoin(deep, ref))[0] == 200, ref


def test_every_page_has_a_description_for_link_previews(published):
    pages = sorted(published["output"].rglob("*.html"))
    assert len(pages) > 5  # the home page, the story's, its articles', ...
    for page in pages:
        meta = parse(page.read_bytes()).meta
        assert meta.get("description") and meta.get("og:description"), page
        assert meta.get("og:title"), page


def test_sitemap_and_canonical_links_use_site_url(tmp_path):
    (tmp_path / "site.yml").write_text(
        (REPO / "site.yml").read_text() + "site_url: https://example.org\n"
    )
    for name in ("content",):
        (tmp_path / name).symlink_to(REPO / name)
    build_site("--config", str(tmp_path / "site.yml"), "--base-url", "/repo/")
    sitemap = (tmp_path / "output" / "sitemap.xml").read_text()
    assert "<loc>https://example.org/repo/</loc>" in sitemap
    assert "<loc>https://example.org/repo/istanbul-talks/</loc>" in sitemap
    story = (tmp_path / "output" / "istanbul-talks" / "index.html").read_text()
    assert '<link rel="canonical" href="https://example.org/repo/istanbul-talks/">' in story


def test_no_sitemap_without_site_url(published):
    assert not (published["output"] / "sitemap.xml").exists()
    assert (published["output"] / ".nojekyll").is_file()


def test_workflow_builds_with_the_readmes_command_and_deploys_with_pages_actions():
    workflow = yaml.safe_load(WORKFLOW.read_text())
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as True
    assert triggers["push"]["branches"] == ["main"]
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert workflow["concurrency"]["group"] == "pages"
    build_steps = workflow["jobs"]["build"]["steps"]
    uses = [s.get("uses", "") for s in build_steps]
    assert any(u.startswith("actions/configure-pages@") for u in uses)
    upload = next(
        s for s in build_steps if s.get("uses", "").startswith("actions/upload-pages-artifact@")
    )
    assert upload["with"] == {"path": "output", "include-hidden-files": True}
    readme = (REPO / "README.md").read_text()
    first_command = readme.split("```sh\n", 1)[1].splitlines()[0]
    runs = [s["run"] for s in build_steps if "run" in s]
    assert any(run.startswith(first_command + " --base-url") for run in runs)
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build" and deploy["environment"]["name"] == "github-pages"
    assert deploy["steps"][0]["uses"].startswith("actions/deploy-pages@")


def run_gh_deploy(site: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    """`site-builder gh-deploy --no-push` in `site`, as a user with a git identity."""
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "site_builder",
            "gh-deploy",
            "--config",
            str(site / "site.yml"),
            "--no-push",
            *args,
        ],
        cwd=site,
        capture_output=True,
        text=True,
        env={
            "GIT_AUTHOR_NAME": "t",
            "GIT_AUTHOR_EMAIL": "t@example.org",
            "GIT_COMMITTER_NAME": "t",
            "GIT_COMMITTER_EMAIL": "t@example.org",
            "PATH": "/usr/bin:/bin:/usr/local/bin",
            "HOME": str(site),
            **{k: v for k, v in os.environ.items() if k == "PYTHONPATH"},  # the code under test
            **env,
        },
    )


def test_gh_deploy_commits_the_site_to_the_gh_pages_branch(site):
    def git(*args: str) -> str:
        return subprocess.run(
            ["git", *args], cwd=site, check=True, capture_output=True, text=True
        ).stdout

    git("init", "-q", "-b", "main")
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "add", "-A")
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "site")
    result = run_gh_deploy(site, "--base-url", "/talks-site/")
    assert result.returncode == 0, result.stderr
    # --no-push only commits: the line says so, and how to publish it
    assert "Committed the site to branch 'gh-pages', not pushed" in result.stdout
    assert "'git push origin gh-pages' publishes it" in result.stdout
    assert "Published" not in result.stdout
    files = git("ls-tree", "-r", "--name-only", "gh-pages").split()
    assert {"index.html", ".nojekyll", "404.html", "talks/index.html"} <= set(files)
    assert "/talks-site/" in git("show", "gh-pages:404.html")
    assert git("log", "-1", "--format=%s", "gh-pages").startswith("Deployed ")
    assert git("branch", "--show-current").strip() == "main"


def test_gh_deploy_outside_a_git_repository_says_what_to_do(site):
    result = run_gh_deploy(site, GIT_CEILING_DIRECTORIES=str(Path(site).parent))
    assert result.returncode == 1
    assert "could not publish to the 'gh-pages' branch" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "args, remote, message",
    [
        ((), None, "Error: this repository has no remote named 'origin'; add it with"),
        (("--remote", "upstream"), "origin", "no remote named 'upstream'"),
        (("--branch", "a..b"), "origin", "Error: 'a..b' is not a valid git branch name;"),
        (("--branch=-x",), "origin", "'-x' is not a valid git branch name"),
    ],
)
def test_gh_deploy_names_a_missing_remote_or_a_bad_branch_before_building(
    site, args, remote, message
):
    subprocess.run(["git", "init", "-q", str(site)], check=True)
    if remote:
        subprocess.run(["git", "-C", str(site), "remote", "add", remote, "/nowhere"], check=True)
    command = [sys.executable, "-m", "site_builder", "gh-deploy", "--config", site / "site.yml"]
    result = subprocess.run([*command, *args], cwd=site, capture_output=True, text=True)
    assert result.returncode == 1 and result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith("Error: ") and message in result.stderr
    assert not (site / "output").exists()
