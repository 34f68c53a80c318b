"""Every event title (groups[].label) of the bundled story and the gold BASIL stories, as
the site's build gives them (commands.build.align_for_site, the bundled site.yml), for
reading before and after a change to align/label.py (docs/alignment.md, "Event titles
read again, thirteenth round"). Only the stories tests/gold names are imported and
aligned.

    python benchmarks/event_titles13.py --dump FILE          # titles and their sentences
    python benchmarks/event_titles13.py --compare BEFORE AFTER   # changed titles, rule counts

The rule counts are a rough first sort, not a reader's judgement: "quotation" where half
a title's words or more stand in quotation marks in a member's sentence, "before verb"
where a title cut at a comma is followed in its sentence by a lower-case word that opens
no clause of its own.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from align_quality import gold_stories  # noqa: E402

from site_builder.align.language import load_language  # noqa: E402
from site_builder.align.voice import quotations  # noqa: E402
from site_builder.commands.build import align_for_site  # noqa: E402
from site_builder.core.config import load_config  # noqa: E402

_OPENS_CLAUSE = frozenset(
    "according after also although amid and as at because before but by despite during"
    " even following for from if in including on or since so that though when where"
    " which while who whom whose with without yet an a the".split()
)


def dump(shared: Path) -> list[dict]:
    """Every group's title with its members' evidence sentences, story by story."""
    config = load_config(REPO / "site.yml")
    language = load_language("en")
    found = []
    with tempfile.TemporaryDirectory() as workdir:
        for item in gold_stories(shared, Path(workdir)):
            story = item.story
            for group in align_for_site(story, config, language).groups:
                members = []
                for m in group.members:
                    passage = story.article(m.article).passage(m.passage)
                    sentences = [passage.sentences[i] for i in m.sentences]
                    members.append([m.article, sentences])
                found.append({"story": item.name, "label": group.label, "members": members})
    return found


def rule_class(event: dict) -> str:
    """'quotation', 'before verb' or 'ok' (see the module's docstring)."""
    label = event["label"]
    core = label.strip("…").strip()
    for _, sentences in event["members"]:
        for sentence in sentences:
            plain = re.sub('["“”‘]', "", sentence)
            at = plain.find(core) if core else -1
            if at < 0:
                continue
            ranges, _ = quotations(sentence, "")
            words = re.findall(r"\w[\w’'-]*", core)
            quoted = "".join(sentence[a:b] for a, b in ranges)
            if words and sum(w in quoted for w in words) >= 0.5 * len(words):
                return "quotation"
            following = re.match(r"\s*,\s*([A-Za-z]+)", plain[at + len(core) :])
            if label.endswith("…") and "," in core and following:
                word = following.group(1)
                if word[:1].islower() and word not in _OPENS_CLAUSE:
                    return "before verb"
            return "ok"
    return "ok"


def compare(before: list[dict], after: list[dict]) -> None:
    """The titles that changed, and the rule counts of both."""
    changed = 0
    for old, new in zip(before, after):
        if old["label"] != new["label"]:
            changed += 1
            print(
                f"{changed}. [{old['story']}]\n  before: {old['label']}\n  after:  {new['label']}"
            )
    for name, events in (("before", before), ("after", after)):
        print(name, len(events), dict(Counter(map(rule_class, events))))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--dump", type=Path)
    parser.add_argument("--compare", type=Path, nargs=2)
    args = parser.parse_args()
    if args.dump:
        args.dump.write_text(json.dumps(dump(args.shared), ensure_ascii=False, indent=1))
    if args.compare:
        before, after = (json.loads(p.read_text()) for p in args.compare)
        compare(before, after)


if __name__ == "__main__":
    main()
