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
    `force_output`: see build."""
    import ghp_import

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
            f"could not publish to the '{branch}' branch: {exc.message.strip()} "
            "(run gh-deploy inside the site's git repository, with a remote "
            f"named '{remote}' to push to)"
        ) from None
    return report


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
