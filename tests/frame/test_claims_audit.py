"""The claims audit: what the comparison pages say about each outlet, against lists
checked by hand (tests/data/claims: the bundled story and two BASIL stories).

Each kind of claim a page makes is read from the built page as a reader reads it
(tests/claims.py): the loaded words an outlet uses in its own voice and those it quotes,
the people it quotes or cites, the events it leaves out, the time each event is about,
and each event's title. Every claim must be true; a claim the hand lists cannot judge
fails too, so that it is checked by hand and added to them.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from site_builder.commands.build import build
from site_builder.core.config import load_config
from site_builder.importers.basil import import_basil
from tests.claims import TRUTH, audit_story
from tests.conftest import BASIL, NO_BASIL, REPO

GOLD = REPO / "tests" / "gold"


@pytest.fixture(scope="module")
def istanbul_site(tmp_path_factory) -> tuple[Path, Path]:
    """The bundled site built as its editor builds it: (output, content)."""
    root = tmp_path_factory.mktemp("istanbul")
    build(load_config(REPO / "site.yml", output_dir=root / "output"))
    return root / "output", REPO / "content"


@pytest.fixture(scope="module")
def basil_site(tmp_path_factory) -> tuple[Path, Path]:
    """The two audited BASIL stories imported and built with the bundled site's
    settings (its loaded words): (output, content). Skipped without the corpus."""
    if not (BASIL / "articles").is_dir():
        pytest.skip(NO_BASIL)
    root = tmp_path_factory.mktemp("basil-audit")
    corpus = root / "basil"
    for truth in ("basil-steele.yaml", "basil-braley.yaml"):
        gold = yaml.safe_load(
            (GOLD / yaml.safe_load((TRUTH / truth).read_text())["gold"]).read_text()
        )
        year, triplet = gold["basil"].split("/")[1:]
        (corpus / "articles" / year).mkdir(parents=True, exist_ok=True)
        for path in (BASIL / "articles" / year).glob(f"{triplet}_*.json"):
            shutil.copy(path, corpus / "articles" / year)
    import_basil(corpus, root / "content")
    shutil.copy(REPO / "site.yml", root / "site.yml")
    build(load_config(root / "site.yml", output_dir=root / "output"))
    return root / "output", root / "content"


@pytest.mark.parametrize(
    ("truth", "site"),
    [
        ("istanbul-talks.yaml", "istanbul_site"),
        ("basil-steele.yaml", "basil_site"),
        ("basil-braley.yaml", "basil_site"),
    ],
)
def test_every_claim_the_comparison_page_makes_is_true(truth, site, request):
    output, content = request.getfixturevalue(site)
    result = audit_story(output, content, TRUTH / truth)
    for kind, tally in result.items():
        assert not tally.false, f"{kind}: false claims {tally.false}"
        assert not tally.unjudged, f"{kind}: check by hand and add to {truth}: {tally.unjudged}"
    assert result["people quoted"].missed == []  # every person quoted is listed
    assert result["titles"].checked > 0 and result["people quoted"].checked > 0


def test_the_bundled_page_counts_loaded_words_and_people_as_read_by_hand(istanbul_site):
    result = audit_story(*istanbul_site, TRUTH / "istanbul-talks.yaml")
    loaded = result["loaded words"]
    assert len(loaded.true) >= 15  # every word of every outlet, own voice and quoted
    assert any("(quoted)" in claim for claim in loaded.true)
    truth = yaml.safe_load((TRUTH / "istanbul-talks.yaml").read_text())
    wanted = sum(len(people) for people in truth["people"].values())
    assert len(result["people quoted"].true) >= wanted
