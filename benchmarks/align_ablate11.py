"""Each rule on the stories it was not chosen on, eleventh round (issue 23), 58 golds.

Every rule the aligner keeps, switched off alone (patched into the real aligner with
unittest.mock, as align_wrong10.py patches its vetoes; nothing in site_builder/
changes), scored as benchmarks/align_quality.py scores the site, per set and in two
totals: the sets annotated blind after the rule was chosen (its blind evidence: the
round's own blind set, scored once after the choice, and every later one; SET_ROUND)
and all the golds. For each rule: the right and wrong shown links it adds (a reason, a
promotion, a grouping rule) or removes (a veto), the units it adds, and precision and
recall with and without it.

    python benchmarks/align_ablate11.py                 # every rule, the table
    python benchmarks/align_ablate11.py closest order   # some of them
    python benchmarks/align_ablate11.py --drop order+merged:named   # rules off together

A reason switched off leaves its links to the reasons after it (a verbatim link may
still be the closest match); "closest" and "second-fact" are not passed on to each
other. Rules (docs/alignment.md, "Each rule on later blind sets, eleventh round"):
  verbatim most-words phrase closest second-fact corroborated   same_event_reason
  three-things phrase-agreed                                      align/found.py
  time-or-number          align/dated.py (its links are not made)
  triangle order          the promotions (closed_triangles, ordered_links)
  merged                  merging events at all (cluster.merged_events)
  merged:named            the ninth round's join on a rare thing, without a link
  rows                    align/rows.py (eleventh round)
  names_alone generic     the vetoes (align/names.py, align/generic.py)
  time                    different times need an explicit reference (align/time.py)
  quotation               a shared quotation of three words is a link (similarity.py)
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections import defaultdict
from contextlib import ExitStack
from pathlib import Path
from unittest import mock

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

import align_quality as aq  # noqa: E402
import align_wrong10 as w10  # noqa: E402

import site_builder.align as A  # noqa: E402
import site_builder.align.similarity as S  # noqa: E402
from site_builder.align.generic import GenericEvidence  # noqa: E402
from site_builder.align.gold import combined, gold_links, predicted_links, reader_quality  # noqa: E402

SETS = ("development", "held-out-2", "held-out", *aq.HELD_OUT_SETS)
"""The sets reported (held-out-2: six of development's fourteen, see HELD_OUT_2)."""
HELD_OUT_2 = frozenset(
    f"basil-{name}"
    for name in (
        "9-11-veto-override",
        "benghazi-emails",
        "christie-2016-run",
        "flynn-trump-clinton",
        "mattis-resigns",
        "medicare-2012",
    )
)
"""Six development stories annotated blind as held-out-2 in round one, after its rules
were chosen (read one by one in round two, development from round four)."""
SET_ROUND = {
    "development": 0,
    "held-out-2": 1,
    "held-out": 0,
    "held-out-3": 4,
    "held-out-4": 5,
    "held-out-5": 8,
    "held-out-6": 9,
    "held-out-7": 10,
    "held-out-8": 11,
    "held-out-9": 11,
    "held-out-10": 12,
    "held-out-11": 13,
    # annotated blind in round thirteen after held-out-11, first scored in round fourteen:
    # blind evidence for the rules of round fourteen and before
    "held-out-12": 14,
    # annotated blind in round fourteen, first scored in round fifteen:
    # blind evidence for the rules of round fifteen and before
    "held-out-13": 15,
    # annotated blind in round fifteen after held-out-13, first scored in round sixteen:
    # blind evidence for the rules of round sixteen and before
    "held-out-14": 16,
    # annotated blind in round seventeen, first scored in round seventeen after its rule
    # helpers stop: blind evidence for the rules of round seventeen and before
    "held-out-15": 17,
}
"""The round of issue 23 each set was annotated blind in, after that round's rules were
chosen (0: before any rule of issue 23; held-out's eight stories were annotated before
round one). A rule's blind sets are those of its round and later: annotated after it
was chosen, never chosen on when it was kept."""
RULE_ROUND = {
    "verbatim": 1,
    "most-words": 1,
    "phrase": 1,
    "closest": 1,
    "second-fact": 1,
    "corroborated": 1,
    "three-things": 9,
    "phrase-agreed": 9,
    "time-or-number": 9,
    "triangle": 3,
    "order": 8,
    "merged": 1,
    "merged:named": 9,
    "rows": 11,
    "names_alone": 8,
    "generic": 10,
    "time": 1,
    "quotation": 1,
}
"""The round each rule was first kept in (docs/alignment.md; 1: in the version of
"Figures (default settings)", whose later revisions, as second-fact's in round four,
kept the rule)."""
VETOES = frozenset({"names_alone", "generic", "time"})
REASONS = ("verbatim", "most-words", "phrase", "closest", "second-fact", "corroborated")
FOUND = ("three-things", "phrase-agreed")
ORIGINAL_FOUND = A.found_reasons
ORIGINAL_MERGED = A.merged_events


def reason_without(off: frozenset[str]):
    """same_event_reason with the reasons in `off` switched off (see the module)."""

    def reason(link, *, event_threshold: float, threshold: float, min_evidence: int) -> str:
        if "verbatim" not in off and link.run >= S.VERBATIM_RUN:
            return "verbatim"
        if not link.best:
            return ""
        if "most-words" not in off and link.most_words:
            return "most-words"
        if (
            "phrase" not in off
            and S._one_phrase(link)
            and link.closest
            and link.score >= event_threshold
        ):
            return "phrase"
        if len(link.evidence) < min_evidence or link.score < threshold:
            return ""
        if link.score >= event_threshold:
            if link.closest:
                return "" if "closest" in off else "closest"
            if link.score >= S.SECOND_FACT_SCORE and "second-fact" not in off:
                return "second-fact"
            return ""
        if link.kinds & S.CORROBORATING and "corroborated" not in off:
            return "corroborated"
        return ""

    return reason


def patches(off: frozenset[str]) -> list:
    """The mock patches that switch the rules in `off` off."""
    out = []
    if off & set(REASONS):
        out.append(mock.patch.object(A, "same_event_reason", reason_without(off)))
    if off & set(FOUND):

        def found(*args, **kwargs):
            return {k: r for k, r in ORIGINAL_FOUND(*args, **kwargs).items() if r not in off}

        out.append(mock.patch.object(A, "found_reasons", found))
    if "time-or-number" in off:
        out.append(mock.patch.object(A, "dated_links", lambda *a, **k: []))
    if "triangle" in off:
        out.append(mock.patch.object(A, "closed_triangles", lambda *a, **k: []))
    if "order" in off:
        out.append(mock.patch.object(A, "ordered_links", lambda *a, **k: []))
    if "merged" in off:
        out.append(mock.patch.object(A, "merged_events", lambda events, *a, **k: events))
    elif "merged:named" in off:

        def merged(events, linked=None, named=None):
            return ORIGINAL_MERGED(events, linked, None)

        out.append(mock.patch.object(A, "merged_events", merged))
    if "rows" in off:
        out.append(mock.patch.object(A, "shown_rows", lambda events, units, quoted=None: events))
    if "names_alone" in off:
        out.append(mock.patch.object(A, "names_alone", lambda *a, **k: set()))
    if "generic" in off:
        out.append(mock.patch.object(GenericEvidence, "links", w10._nothing))
    if "time" in off:
        out.append(mock.patch.object(A, "_in_time", lambda story, units, links, *a: set(links)))
    if "quotation" in off:
        out.append(mock.patch.object(S, "_quotation_candidates", lambda units: {}))
    return out


def run(off: frozenset[str], stories: list) -> dict:
    """Each story's (set, quality, shown links, right links) with the rules in `off` off."""
    per = {}
    with ExitStack() as stack:
        for patch in patches(off):
            stack.enter_context(patch)
        for item in stories:
            label = aq.set_of(item.name, item.gold.split)
            shown = predicted_links(
                A.diagnose(item.story, w10.SETTINGS, w10.LANGUAGE).alignment.groups
            )
            per[item.name] = (
                label,
                reader_quality(shown, item.gold),
                shown,
                gold_links(item.gold),
            )
    return per


def totals(per: dict, names) -> tuple:
    """(right shown, shown, units found, units wanted) over the stories `names`."""
    q = combined([per[n][1] for n in names])
    return q.correct, q.predicted, q.found, q.wanted


def groups(per: dict) -> dict[str, list[str]]:
    """The stories of each set of SETS (held-out-2's also in development's)."""
    out = defaultdict(list)
    for name, (label, *_) in per.items():
        out[label].append(name)
        if name in HELD_OUT_2:
            out["held-out-2"].append(name)
    return out


def effect(rule: str, base: dict, off: dict, names) -> tuple:
    """What the rule does on `names`: shown links right and wrong it adds (removes, for
    a veto: returned as negative adds), units it adds, P/R with it and without it."""
    added_right = added_wrong = 0
    for n in names:
        with_it, without = base[n][2], off[n][2]
        right = base[n][3]
        added_right += len(with_it & right) - len(without & right)
        added_wrong += len(with_it - right) - len(without - right)
    c, p, f, w = totals(base, names)
    c0, p0, f0, w0 = totals(off, names)
    return added_right, added_wrong, f - f0, (c, p, f, w), (c0, p0, f0, w0)


def _pr(t: tuple) -> str:
    c, p, f, w = t
    return f"{c / p if p else 0:.3f}/{f / w if w else 0:.3f}"


def _f1(t: tuple) -> float:
    c, p, f, w = t
    pr, rc = (c / p if p else 0), (f / w if w else 0)
    return 2 * pr * rc / (pr + rc) if pr + rc else 0.0


def report(rule: str, base: dict, off: dict) -> None:
    sets = groups(base)
    blind = [n for s in SETS if SET_ROUND[s] >= RULE_ROUND.get(rule, 99) for n in sets[s]]
    blind_sets = [s for s in SETS if SET_ROUND[s] >= RULE_ROUND.get(rule, 99)]
    print(f"== {rule} (kept round {RULE_ROUND.get(rule, '?')}; blind: {', '.join(blind_sets)})")
    rows = [(s, sets[s]) for s in SETS] + [("blind", blind), (f"all {len(base)}", list(base))]
    for label, names in rows:
        if not names:
            print(f"  {label:12} (none)")
            continue
        r, wr, u, with_it, without = effect(rule, base, off, names)
        c, p, *_ = with_it
        share = (r / (r + wr)) if r + wr else float("nan")
        print(
            f"  {label:12} links +{r} right +{wr} wrong (right share {share:.2f}; set"
            f" {c / p if p else 0:.3f})  units +{u}  with P/R {_pr(with_it)}"
            f"  without {_pr(without)}  F1 {_f1(with_it):.3f} -> {_f1(without):.3f}"
        )


def drop_report(label: str, base: dict, off: dict) -> None:
    sets = groups(base)
    print(f"== without {label}")
    held = [n for s in SETS if s not in ("development", "held-out-2") for n in sets[s]]
    for name, names in [(s, sets[s]) for s in SETS] + [
        ("held-out all", held),
        (f"all {len(base)}", list(base)),
    ]:
        t0, t1 = totals(base, names), totals(off, names)
        print(
            f"  {name:12} as kept P {t0[0]}/{t0[1]} R {t0[2]}/{t0[3]} {_pr(t0)} F1 {_f1(t0):.3f}"
            f"  -> P {t1[0]}/{t1[1]} R {t1[2]}/{t1[3]} {_pr(t1)} F1 {_f1(t1):.3f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("rules", nargs="*", default=list(RULE_ROUND), help=", ".join(RULE_ROUND))
    parser.add_argument("--drop", action="append", default=[], help="rules off together, a+b")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as workdir:
        stories = aq.gold_stories(REPO.parent / "shared", Path(workdir))
        base = run(frozenset(), stories)
        if not args.drop:
            for rule in args.rules:
                report(rule, base, run(frozenset({rule}), stories))
        for combo in args.drop:
            drop_report(combo, base, run(frozenset(combo.split("+")), stories))


if __name__ == "__main__":
    main()
