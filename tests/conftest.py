"""Shared fixtures: small sites built in tmp_path, and the repository's own paths."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "seeds"
BASIL = SHARED / "corpora" / "basil"


def write_article(folder: Path, slug: str, body: str, **front_matter: str) -> Path:
    """Write content/<story>/<slug>.md with the given front matter and body."""
    meta = {"title": f"Title of {slug}", "outlet": f"Outlet {slug.upper()}", **front_matter}
    lines = ["---", *(f"{k}: {v}" for k, v in meta.items() if v is not None), "---", ""]
    path = folder / f"{slug}.md"
    path.write_text("\n".join(lines) + textwrap.dedent(body).strip() + "\n", encoding="utf-8")
    return path


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A minimal site: site.yml, the default theme, one story of two short articles."""
    shutil.copytree(REPO / "themes", tmp_path / "themes")
    (tmp_path / "site.yml").write_text(
        "title: Test site\nbase_url: /\nalignment:\n  aliases:\n    Kyiv: [Kiev]\n",
        encoding="utf-8",
    )
    story = tmp_path / "content" / "talks"
    story.mkdir(parents=True)
    (story / "_story.md").write_text(
        "---\ntitle: The talks\n---\n\nTwo outlets, one story.\n", encoding="utf-8"
    )
    write_article(
        story,
        "alpha",
        """
        Negotiators from Moscow and Kiev met in Istanbul on Tuesday for peace talks.

        The weather in the city was mild and the cafés were full.
        """,
        outlet="Alpha News",
        date="2022-03-29",
    )
    write_article(
        story,
        "beta",
        """
        ## Istanbul

        Peace talks between Moscow and Kyiv negotiators took place in Istanbul on Tuesday.

        Analysts doubt that the war will end soon.
        """,
        outlet="Beta Daily",
        date="2022-03-30",
    )
    return tmp_path


def tree_bytes(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` by relative path, for byte-for-byte comparisons."""
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }
