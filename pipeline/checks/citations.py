"""citation: the anomalies the citation extractor found, as findings.

One finding per conflicting instrument, not per mention, located at the odd mention out:
  date_conflict          the same instrument cited with different dates: at the mention(s) whose
                         date the other mentions do not share (without a majority: at the later)
  number_reused          one number and symbol given to two instruments: at the later one
  term_conflict          one named instrument described two ways ("khóa XII" / "khóa VII"): at the later
  type_symbol_mismatch   the type word contradicts the symbol ("Kế hoạch số 6192/QĐ-UBND"): at the first
Spelling repairs (typo_symbol) are not inconsistencies and give no finding; nor does a regulation,
rule set or charter cited by the number of the decision that promulgates it ("Quy định số
31/2019/QĐ-UBND": the Quy định is attached to Quyết định 31, a benign mismatch in
spec/doc-numbers.md). The citation row keeps its anomaly either way.

Besides the extractor's anomalies, the description that follows each mention of one numbered
instrument (up to the end of its clause) is compared: two mentions that put the same instrument in
different periods ("Kế hoạch số 236/KH-UBND ... giai đoạn 2011-2020" and later "... giai đoạn
2016-2020") or different party terms ("khóa XII" / "khóa VII") conflict (term_conflict, at the later).
"""
from __future__ import annotations

import bisect
import itertools
from collections import Counter

import regex

from pipeline.checks.model import Context, Finding, Rule

KINDS = {
    "date_conflict": "is cited with different dates",
    "number_reused": "is used for two different instruments",
    "term_conflict": "is described in conflicting terms",
    "type_symbol_mismatch": "has a type word that contradicts its symbol",
}


_TERMS = regex.compile(r"(?i)giai\s+đoạn\s+(?P<a>(?:19|20)\d{2})\s*-\s*(?P<b>(?:19|20)\d{2})|khó?a\s+(?P<k>[IVXL]+)\b")
_DESCRIPTION_END = regex.compile(r";|\n|\.\s")
_BRACKETED = regex.compile(r"\s*\([^)]*\)\s*")
# instruments that are issued "kèm theo" (attached to) a Quyết định and cited by its number
PROMULGATED_BY_DECISION = frozenset({"Quy định", "Quy chế", "Điều lệ"})


def _benign_mismatch(c: dict) -> bool:
    return c.get("type_code") == "QĐ" and c.get("doc_type") in PROMULGATED_BY_DECISION


class _Spans:
    """Membership of a position in any of a list of [start, end) spans, by bisection."""

    def __init__(self, spans: list[tuple[int, int]]):
        spans = sorted(spans)
        self.starts = [s for s, _ in spans]
        self.max_end = list(itertools.accumulate((e for _, e in spans), max))

    def __contains__(self, pos: int) -> bool:
        k = bisect.bisect_right(self.starts, pos) - 1   # the latest end among spans starting by pos
        return k >= 0 and self.max_end[k] > pos


def _description_terms(text: str, c: dict, next_start: int, reported: _Spans) -> frozenset:
    end = min(len(text), c["char_end"] + 220, next_start)
    m = _DESCRIPTION_END.search(text, c["char_end"], end)
    out = set()
    for t in _TERMS.finditer(text, c["char_end"], m.start() if m else end):
        if t.start() in reported:
            continue   # inside a mention whose own conflict is already reported
        out.add(f"giai đoạn {t.group('a')}-{t.group('b')}" if t.group("a") else f"khóa {t.group('k').upper()}")
    return frozenset(out)


def _description_conflicts(ctx: Context, already: set):
    cites = sorted((c for c in ctx.citations if c.get("ref")), key=lambda c: c["char_start"])
    starts = [c["char_start"] for c in cites] + [len(ctx.text)]
    reported = _Spans([(c["char_start"], c["char_end"]) for c in ctx.citations if c.get("anomaly") in KINDS])
    by_ref: dict[str, list[tuple[dict, frozenset]]] = {}
    for i, c in enumerate(cites):
        # the description runs to the next numbered mention (a named one inside it is its subject)
        terms = _description_terms(ctx.text, c, starts[i + 1], reported)
        if terms:
            by_ref.setdefault(c["ref"], []).append((c, terms))
    for ref, ms in by_ref.items():
        if ("term_conflict", ref) in already or len(ms) < 2:
            continue
        first_c, first_t = ms[0]
        for c, terms in ms[1:]:
            if terms.isdisjoint(first_t):
                msg = (f"{ref} is described as {', '.join(sorted(first_t))} at {first_c['char_start']} "
                       f"but as {', '.join(sorted(terms))} at {c['char_start']}.")
                yield Finding("citation", "fail", "error", c["char_start"], c["char_end"], msg, None, None,
                              [x["citation_id"] for x in (first_c, c) if x.get("citation_id")])
                break


def run(ctx: Context):
    groups: dict[tuple, list[dict]] = {}
    for c in ctx.citations:
        a = c.get("anomaly")
        if a not in KINDS or (a == "type_symbol_mismatch" and _benign_mismatch(c)):
            continue
        # a named instrument is known by its words without the bracketed qualifier that conflicts
        name = c.get("ref") or _BRACKETED.sub(" ", c.get("text") or "").strip() or c.get("doc_type")
        key = (a, name)
        groups.setdefault(key, []).append(c)
    for (a, ref), cs in groups.items():
        cs.sort(key=lambda c: c["char_start"])
        if a == "date_conflict":
            dates = Counter(str(c.get("date")) for c in cs)
            common = dates.most_common(1)[0][0] if len(dates) > 1 else None
            odd = [c for c in cs if str(c.get("date")) != common] or cs[:1]
            if len(dates) > 1 and dates.most_common(2)[0][1] == dates.most_common(2)[1][1]:
                odd = cs[-1:]   # no majority: the later mention contradicts the earlier one
            where = odd
        elif a == "type_symbol_mismatch":
            where = cs[:1]
        else:
            where = cs[-1:]
        mentions = "; ".join(f"'{c.get('text')}' at {c['char_start']}" for c in cs)
        for c in where:
            msg = f"{ref or 'The instrument'} {KINDS[a]}: {mentions}."
            yield Finding("citation", "fail", "error", c["char_start"], c["char_end"], msg, None, None,
                          [x["citation_id"] for x in cs if x.get("citation_id")])
    yield from _description_conflicts(ctx, set(groups))


RULE = Rule("citation", ("citations",), run)
