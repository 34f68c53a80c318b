"""`site-builder gh-deploy`: build, then commit the site to the gh-pages branch.

For people who publish from a branch rather than with GitHub Actions. ghp-import
writes the branch whole (the previous site on it is replaced, its history kept) and
adds .nojekyll so GitHub serves the files as they are.
"""

from __future__ import annotations

import subprocess

from site_builder import __version__
from site_builder.build import build
from site_builder.build_model import BuildReport
from site_builder.config import SiteConfig
from site_builder.errors import SiteError
from site_builder.inputs import excerpt


def gh_deploy(
    config: SiteConfig,
    *,
    remote: str = "origin",
    branch: str = "gh-pages",
    message: str | None = None,
    push: bool = True,
    force_output: bool = False,
) -> BuildReport:
    """Build the site and commit it to `branch` (and push it to `remote` if `push`);
    `force_output`: see build.

    The repository, the branch name and the remote are checked first, so a mistake in
    them is one line and nothing is built or committed.
    """
    import ghp_import

    _check_repository(branch)
    _check_branch_name(branch)
    if push:
        _check_remote(remote)
    report = build(config, force_output=force_output)
    try:
        ghp_import.ghp_import(
            str(config.output_path),
            mesg=message or default_message(config),
            remote=remote,
            branch=branch,
            push=push,
            nojekyll=True,
        )
    except ghp_import.GhpError as exc:
        raise SiteError(
            f"could not publish to the '{branch}' branch: {_one_line(exc.message)} "
            "(run gh-deploy inside the site's git repository, with a remote "
            f"named '{remote}' to push to)"
        ) from None
    except subprocess.CalledProcessError:
        raise SiteError(
            f"the site was committed to the '{branch}' branch, but 'git push {remote} "
            f"{branch}' failed (see git's message above); push it by hand once that is fixed"
        ) from None
    return report


def _git(*args: str) -> subprocess.CompletedProcess:
    """Run git in the current folder, as ghp-import does."""
    try:
        return subprocess.run(["git", *args], capture_output=True, text=True, errors="replace")
    except OSError as exc:
        raise SiteError(f"cannot run git: {exc.strerror or exc}; install git") from None


def _check_repository(branch: str) -> None:
    if _git("rev-parse", "--git-dir").returncode != 0:
        raise SiteError(
            f"could not publish to the '{branch}' branch: this folder is not in a git "
            "repository (run gh-deploy inside the site's git repository)"
        )


def _check_branch_name(branch: str) -> None:
    if branch.startswith("-") or _git("check-ref-format", "--branch", branch).returncode != 0:
        raise SiteError(
            f"{excerpt(branch)} is not a valid git branch name; choose another --branch, "
            "such as gh-pages"
        )


def _check_remote(remote: str) -> None:
    if remote.startswith("-") or _git("remote", "get-url", remote).returncode != 0:
        raise SiteError(
            f"this repository has no remote named {excerpt(remote)}; add it with "
            f"'git remote add {remote} URL', name another with --remote, or use --no-push "
            "to only commit the site"
        )


def _one_line(text: str) -> str:
    return " ".join(text.split())


def default_message(config: SiteConfig) -> str:
    """'Deployed <commit> with site-builder <version>', like MkDocs' gh-deploy."""
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=config.root,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        commit = "an uncommitted tree"
    return f"Deployed {commit} with site-builder {__version__}"
