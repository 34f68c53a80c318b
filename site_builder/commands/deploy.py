"""`site-builder gh-deploy`: build, then commit the site to the gh-pages branch.

For people who publish from a branch rather than with GitHub Actions. ghp-import
writes the branch whole (the previous site on it is replaced, its history kept) and
adds .nojekyll so GitHub serves the files as they are.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from site_builder import __version__
from site_builder.commands.build import make_plan, run_plan
from site_builder.core.build_model import BuildReport
from site_builder.core.config import SiteConfig
from site_builder.core.errors import SiteError
from site_builder.core.inputs import excerpt


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
    them is one line and nothing is built or committed: the branch must be a plain
    branch name, and not a branch checked out here or in another worktree (its tip
    would be replaced by the site); the site's folder must lie in the repository.
    """
    import ghp_import

    top = _check_repository(branch)
    _check_branch_name(branch)
    _check_not_checked_out(branch)
    _check_site_inside(config.root, top)
    if push:
        _check_remote(remote)
    report = run_plan(make_plan(config, force_output=force_output))  # as `build` makes it
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


def _check_repository(branch: str) -> Path:
    """The top folder of the git repository gh-deploy runs in."""
    found = _git("rev-parse", "--show-toplevel")
    if found.returncode != 0 or not found.stdout.strip():
        raise SiteError(
            f"could not publish to the '{branch}' branch: this folder is not in a git "
            "repository (run gh-deploy inside the site's git repository)"
        )
    return Path(found.stdout.strip())


def _check_branch_name(branch: str) -> None:
    """A plain branch name, as git takes it: not '@', 'HEAD' or '@{-1}' (which git reads
    as other commits), nor one git refuses."""
    special = branch.startswith("-") or branch in ("@", "HEAD") or "@{" in branch
    checked = None if special else _git("check-ref-format", "--branch", branch)
    if (
        checked is None
        or checked.returncode != 0
        or checked.stdout.strip() != branch
        or _git("check-ref-format", f"refs/heads/{branch}").returncode != 0
    ):
        raise SiteError(
            f"{excerpt(branch)} is not a valid git branch name; choose another --branch, "
            "such as gh-pages"
        )


def _check_not_checked_out(branch: str) -> None:
    """Refuse a branch checked out in this worktree or another: committing the site to
    it would replace the tip of the branch someone is working on."""
    listed = _git("worktree", "list", "--porcelain").stdout.splitlines()
    current = _git("symbolic-ref", "-q", "HEAD").stdout.strip()
    if f"refs/heads/{branch}" in {
        current,
        *(line[7:] for line in listed if line.startswith("branch ")),
    }:
        raise SiteError(
            f"the '{branch}' branch is checked out; gh-deploy would replace its tip with "
            "the built site: choose another --branch, such as gh-pages"
        )


def _check_site_inside(root: Path, top: Path) -> None:
    """Refuse a site whose folder lies outside the repository gh-deploy runs in (it
    would publish one project's site in another's repository)."""
    if not Path(os.path.realpath(root)).is_relative_to(os.path.realpath(top)):
        raise SiteError(
            f"the site's folder is outside the git repository here ({top}); run gh-deploy "
            "inside the site's own repository",
            root,
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
