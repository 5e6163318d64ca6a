"""Percentages, with the counts the text ties them to.

    extract(doc, rows) -> {"percentages": [...]}

Every "p%" / "p %" of the text (see `numbers`) is a row. numerator / denominator are filled
when the text determines them; `basis` says how:

  fraction       an "x/y" next to it: "100% hồ sơ được số hoá (92/92)", "đạt 95,65% (... 22/23",
                 "84 hồ sơ/88 hồ sơ, đạt 95,45 %"
  ratio          two counts joined by "/" with the base named in words between:
                 "5 hồ sơ/ tổng hồ sơ trong dạng mức độ 3,4 là 62 hồ sơ, đạt tỷ lệ: 0.06%"
  within_total   "ban hành 467 văn bản trong đó gửi qua thư điện tử là 467 văn bản đạt 100%"
  breakdown      a part of a total, with its share: "tổng số: 78 ..., cụ thể ...: 14 trung cấp tỷ lệ 17,95%"
  survey         an answer count of a survey block against the surveyed count:
                 "+Rất hài lòng: 43, đạt 51,19%" (84 surveyed)
  dossier_rate   a rate of the dossier figures of the same statement: "tỷ lệ đúng hạn 84,09%"
                 = (trước hạn + đúng hạn) / đã giải quyết; "trễ hạn 15,90%" = trễ hạn / đã giải quyết
  group_received a dossier count against the dossiers received of its group: "19 hồ sơ đạt 20,21%"
  stated_total   a total the percentage qualifies (denominator only): "tổng số: 78 đạt chuẩn 100%",
                 "tiếp nhận 78 phiếu ...; qua tổng hợp 100% các phiếu ..."
  table_header   a table's rate column whose header names the base row: "Tỷ lệ % (So với tổng số
                 TTHC trong bộ TTHC)" -> row "Số TTHC trong bộ thủ tục hành chính" (Tổng số 2.738)
  table_population  a table row about a subset of a population the body counts: "Số cán bộ, công
                 chức cấp xã được bồi dưỡng ...: 240 lượt, 151%" against "Tổng số cán bộ, công chức
                 xã phường là 158"
  table_row      the row's own total as numerator, base unknown ("Số lượng công chức cấp xã: 78, 95,12 %")
"""
from __future__ import annotations

import bisect

import regex

from extractors import dossier_vocab as V
from extractors.breakdowns import find_breakdowns
from extractors.clauses import Sentences, clause_start
from extractors.dossiers import skip_spans
from extractors.numbers import Num, find_numbers
from extractors.regex_at import KEEP_GIL
from extractors.tabular import Row, cell_number, cell_percent, read_tables
from pipeline.model import row_id

_RATE_CUES = {
    "on_time": ["đúng hạn", "đúng hẹn", "đúng thời hạn", "đúng và trước hạn", "đúng hạn và trước hạn",
                "trước hạn và đúng hạn"],
    "early": ["trước hạn", "sớm hạn"],
    "late": ["trễ hạn", "trể hạn", "quá hạn", "chậm", "trễ hẹn"],
}
_PCT_LEAD = regex.compile(r"(?i)(?:tỷ\s+lệ|tỉ\s+lệ|đạt|chiếm|bằng|là|=)\s*:?\s*$")
_BREAK = regex.compile(r"[;\n]")
_WORDS_THEN_SLASH = regex.compile(r"[ \t]*(?:[^\W\d_]+[ \t]*){0,3}/")
_WORDS_AROUND_SLASH = regex.compile(r"[ \t]*(?:[^\W\d_]+[ \t]*){0,3}/[ \t]*")
_FIRST_WORD = regex.compile(r"\s*([^\W\d_]+)")
_NOUN_AFTER_PCT = regex.compile(r"\s*(?:các|số|tổng\s+số)?\s*([^\W\d_]+)")
_DETERMINER_AFTER_PCT = regex.compile(r"\s*(?:các|số|tổng)")
_NO_DIGITS = regex.compile(r"[^\d]{0,25}")
_SPACES = regex.compile(r"\s+")
_BASE_IN_HEADER = regex.compile(r"(?i)so\s+với\s+tổng\s+số\s+(?P<x>[^)]{3,80})")
_POP_CUT = regex.compile(r"(?i)\s+(?:thời\s+điểm|tính\s+đến|tháng|năm)\b")
_POP_FILLER = regex.compile(r"\b(?:số\s+lượng|tổng\s+số|số|các|về|của)\b")
_POP_COMMUNE = regex.compile(r"\b(?:cấp\s+)?xã\s*,?\s*phường(?:\s*,?\s*thị\s+trấn)?\b|\bcấp\s+xã\b")
_POP_TTHC = regex.compile(r"thủ\s+tục\s+hành\s+chính")
_POP_WORD = regex.compile(r"[^\W\d_]+")


class _Index:
    """Positions of a document's numbers, for looking up neighbours by bisection (a percentage
    must not cost a pass over every number of the document: reports run to thousands)."""

    def __init__(self, nums: list[Num], text: str):
        self.nums, self.text = nums, text
        self.starts = [n.start for n in nums]
        self.counts = [j for j, n in enumerate(nums) if not n.percent and not n.is_fraction]
        pcts = [n for n in nums if n.percent]
        self.pcts = pcts
        self.pct_starts = [n.start for n in pcts]
        self.pct_ends = [n.end for n in pcts]
        self._by_word: dict[str, list[int]] | None = None

    def pct_between(self, lo: int, hi: int) -> bool:
        """Is there a percentage starting in [lo, hi)?"""
        k = bisect.bisect_left(self.pct_starts, lo)
        return k < len(self.pct_starts) and self.pct_starts[k] < hi

    def counts_by_word(self) -> dict[str, list[int]]:
        """Indices of the non-percentage numbers by the lower-cased word right after them."""
        if self._by_word is None:
            self._by_word = {}
            for j, n in enumerate(self.nums):
                if not n.percent:
                    u = _FIRST_WORD.match(self.text[n.end:n.end + 20], None, None, KEEP_GIL)
                    if u:
                        self._by_word.setdefault(u.group(1).lower(), []).append(j)
        return self._by_word
_TRONG_DO = regex.compile(r"(?i)trong\s+đó")
_TOTAL_WORDS = regex.compile(r"(?i)tổng\s+số|tổng\s+cộng|\btổng\b")


def _nearest_count_before(nums: list[Num], i: int, text: str, max_gap: int = 45) -> Num | None:
    p = nums[i]
    for j in range(i - 1, -1, -1):
        n = nums[j]
        if n.percent:
            if p.start - n.end > 2:
                return None   # another percentage in between: "tỷ lệ đúng hạn 84,09%, trể hạn 15,90%"
            continue
        gap = text[n.end:p.start]
        if p.start - n.end > max_gap or _BREAK.search(gap):
            return None
        return n
    return None


def _fraction_near(nums: list[Num], i: int, text: str, sents: Sentences, ix: _Index) -> Num | None:
    p = nums[i]
    s0, s1 = sents.span(p.start)
    for j in (i + 1, i + 2, i - 1):
        if 0 <= j < len(nums) and nums[j].is_fraction:
            f = nums[j]
            if s0 <= f.start < s1 and (f.start - p.end <= 60 if f.start > p.start else p.start - f.end <= 50):
                between = text[min(p.end, f.end):max(p.start, f.start)]
                if not ix.pct_between(min(p.end, f.end), max(p.start, f.start)):
                    if "." not in between.strip(" )") and _closest_pct(ix, f) is p:
                        return f
    return None


def _closest_pct(ix: _Index, f: Num) -> Num | None:
    """The percentage a fraction explains: the nearest one (a fraction between two belongs to
    the closer: "đạt 91,30%, 21/23), đạt chuẩn theo quy định: 100%"; at equal distance, the one
    before it). Numbers do not overlap, so the nearest before is the last to end at or before the
    fraction, the nearest after the first to start at or after its end."""
    k = bisect.bisect_right(ix.pct_ends, f.start) - 1
    before = ix.pcts[k] if k >= 0 else None
    k = bisect.bisect_left(ix.pct_starts, f.end)
    after = ix.pcts[k] if k < len(ix.pcts) else None
    if before is None or (after is not None and after.start - f.end < f.start - before.end):
        return after
    return before


def _slash_pair(nums: list[Num], i: int, text: str, sents: Sentences, ix: _Index) -> tuple[Num, Num] | None:
    """"84 hồ sơ/88 hồ sơ, đạt 95,45 %": two counts joined by "/" just before the percentage."""
    p = nums[i]
    s0, _ = sents.span(p.start)
    k = bisect.bisect_left(ix.counts, i)   # the last two counts of the sentence before it
    if k < 2 or nums[ix.counts[k - 2]].start < s0:
        return None
    a, b = nums[ix.counts[k - 2]], nums[ix.counts[k - 1]]
    if p.start - b.end > 40 or not _PCT_LEAD.search(text[b.end:p.start].rstrip(" ,")) and "đạt" not in text[b.end:p.start]:
        return None
    between = text[a.end:b.start]
    m = _WORDS_THEN_SLASH.match(between)
    if m and b.start - a.end < 120 and ";" not in between:
        return a, b
    return None


def _compact(text: str, a: Num, b: Num) -> bool:
    """"84 hồ sơ/88" is a fraction as written; "5 hồ sơ/ tổng hồ sơ ... là 62" names its base in words."""
    return bool(_WORDS_AROUND_SLASH.fullmatch(text[a.end:b.start]))


class _Stats:
    """The dossier_stats rows, looked up by position and by group."""

    def __init__(self, stats: list[dict]):
        self.rows = stats
        self.starts = [s["char_start"] for s in stats]
        self.ordered = all(a <= b for a, b in zip(self.starts, self.starts[1:]))
        self.groups: dict[str, list[dict]] = {}
        for s in stats:
            self.groups.setdefault(s["group_id"], []).append(s)

    def last_in(self, lo: int, hi: int) -> dict | None:
        """The last row (in row order) whose figure starts in [lo, hi)."""
        if not self.ordered:
            same = [s for s in self.rows if lo <= s["char_start"] < hi]
            return same[-1] if same else None
        k = bisect.bisect_left(self.starts, hi) - 1
        return self.rows[k] if k >= 0 and self.starts[k] >= lo else None


def _dossier_rate(p: Num, text: str, st: _Stats, sents: Sentences):
    """(numerator, denominator, stat ids) of "tỷ lệ đúng hạn 84,09%" from the same statement's figures."""
    s0, s1 = sents.span(p.start)
    cs = clause_start(text, p.start, s0)
    label = text[cs:p.start]
    kind = V.nearest_cue(label, _RATE_CUES, seg=False)
    if kind is None:
        return None
    lo = max(0, s0 - 600)   # this paragraph: from its line start, at most 600 characters back
    last = st.last_in(max(text.rfind("\n", lo, p.start) + 1, lo), p.start)
    if last is None:
        return None
    g = st.groups[last["group_id"]]
    by: dict[str, dict] = {}
    for s in g:
        by.setdefault(s["metric"], s)
    parts = [m for m in ("resolved_early", "resolved_on_time", "resolved_on_or_before_time", "resolved_late") if m in by]
    if "resolved_total" in by:
        den, den_ids = by["resolved_total"]["value"], [by["resolved_total"]["stat_id"]]
    elif parts:
        den, den_ids = sum(by[m]["value"] for m in parts), [by[m]["stat_id"] for m in parts]
    else:
        return None
    want = {"on_time": ("resolved_early", "resolved_on_time", "resolved_on_or_before_time"),
            "early": ("resolved_early",), "late": ("resolved_late",)}[kind]
    have = [m for m in want if m in by]
    if not have:
        return None
    num = sum(by[m]["value"] for m in have)
    return num, den, [by[m]["stat_id"] for m in have] + den_ids


def _norm_pop(s: str) -> str:
    s = s.lower()
    s = _POP_FILLER.sub(" ", s)
    s = _POP_COMMUNE.sub(" cấp_xã ", s)
    s = _POP_TTHC.sub("tthc", s)
    return " ".join(_POP_WORD.findall(s))


_POP_STATED = [
    # "Tổng số cán bộ, công chức xã phường là 158", "Tổng số cán bộ, công chức ... tháng 01 năm 2017: 658 người"
    regex.compile(r"(?i)tổng\s+số\s+(?P<pop>[^\d:;.\n]{3,80}?)\s*(?:(?:thời\s+điểm|tính\s+đến|đến)[^:\d]{0,10}[^:]{0,30})?"
                  r"(?:\s+là\s*|\s*:\s*)(?P<n>\d[\d.]*)"),
    # "Về số lượng công chức cấp xã tổng số: 78"
    regex.compile(r"(?i)(?:số\s+lượng\s+)(?P<pop>[^\d:;.\n]{3,60}?)\s+tổng\s+số\s*:?\s*(?P<n>\d[\d.]*)"),
]


def population_counts(text: str) -> list[tuple[str, int, int]]:
    """(normalized population phrase, count, position) stated in the body."""
    out = []
    for rx in _POP_STATED:
        for m in rx.finditer(text):
            v = cell_number(m.group("n"))
            if v is not None:
                pop = _POP_CUT.split(m.group("pop"))[0]
                out.append((_norm_pop(pop), v, m.start("n")))
    return out


def _words(s: str) -> set[str]:
    return set(_norm_pop(s).split())


def _table_rows(doc, pct_by_start: dict[int, Num], pops: list[tuple[str, int, int]]) -> dict[int, dict]:
    """Numerator/denominator of percentages that sit in a table's rate column."""
    out: dict[int, dict] = {}
    for t in read_tables(doc):
        pcols = t.col(r"tỷ\s+lệ|tỉ\s+lệ|%")
        tcols = t.col(r"^tổng\s+số|tổng\s+cộng")
        if not pcols or not tcols:
            continue
        lc, tc = t.label_col(), tcols[0]
        for r in t.data:
            for pc in pcols:
                if pc >= len(r.cells) or not cell_percent(r.cells[pc]):
                    continue
                ps = r.cell_spans[pc][0]
                if ps not in pct_by_start:
                    continue
                num = cell_number(r.cells[tc]) if tc < len(r.cells) else None
                info = {"numerator": num, "denominator": None, "basis": "table_row",
                        "base_text": r.cells[lc] if lc < len(r.cells) else None,
                        "context_start": r.cell_spans[tc][0] if tc < len(r.cells) and num is not None else ps,
                        "refs": [r.row_ref]}
                head = t.columns[pc]
                m = _BASE_IN_HEADER.search(head)
                if m:   # the header names the base: find the row it means
                    want = _words(m.group("x"))
                    best: Row | None = None
                    score = 0.0
                    for r2 in t.data:
                        if r2 is r or lc >= len(r2.cells) or not r2.cells[lc]:
                            continue
                        have = _words(r2.cells[lc])  # type: ignore[arg-type]
                        sc = len(want & have) / max(1, len(want))
                        if sc > score and cell_number(r2.cells[tc] if tc < len(r2.cells) else None) is not None:
                            best, score = r2, sc
                    if best is not None and score >= 0.6:
                        info.update(denominator=cell_number(best.cells[tc]), basis="table_header",
                                    refs=[r.row_ref, best.row_ref])
                elif num is not None and lc < len(r.cells) and r.cells[lc]:
                    subject = _norm_pop(r.cells[lc])  # type: ignore[arg-type]
                    widest: tuple[str, int, int] | None = None
                    for pop, v, pos in pops:
                        if pop and subject != pop and (subject + " ").startswith(pop + " ") and len(pop.split()) >= 2:
                            if widest is None or len(pop) > len(widest[0]):
                                widest = (pop, v, pos)
                    if widest is not None:
                        info.update(denominator=widest[1], basis="table_population")
                out[ps] = info
    return out


def extract(doc, rows) -> dict:
    text = doc.text
    nums = find_numbers(text, skip_spans(doc))
    pcts = [(i, n) for i, n in enumerate(nums) if n.percent]
    if not pcts:
        return {"percentages": []}
    stats = list((rows or {}).get("dossier_stats") or [])
    stat_at = {s["char_start"]: s for s in stats}
    st = _Stats(stats)
    ix = _Index(nums, text)
    sents = Sentences(text)
    breakdowns = find_breakdowns(text, nums, stats)
    part_of: dict[int, tuple] = {}
    for bd in breakdowns:
        for part in bd.parts:
            if part.pct is not None and bd.kind in ("survey", "bracket", "list"):
                part_of[part.pct.start] = (bd, part)
    pct_by_start = {n.start: n for _, n in pcts}
    table_info = _table_rows(doc, pct_by_start, population_counts(text))

    out = []
    for k, (i, p) in enumerate(pcts, 1):
        num = den = None
        basis = None
        ids: list[str] = []
        ctx_start = p.start
        s0, _ = sents.span(p.start)
        base = text[clause_start(text, p.start, s0):p.start].strip(" :,-+")
        if p.start in table_info:
            info = table_info[p.start]
            num, den, basis = info["numerator"], info["denominator"], info["basis"]
            base, ctx_start = info["base_text"], info["context_start"]
            ids = list(info["refs"])
        elif (f := _fraction_near(nums, i, text, sents, ix)) is not None:
            num, den, basis = f.value, f.den, "fraction"
            ctx_start = min(p.start, f.start)
            ids = [stat_at[f.start]["stat_id"]] if f.start in stat_at else []
        elif (pair := _slash_pair(nums, i, text, sents, ix)) is not None:
            a, b = pair
            num, den, ctx_start = a.value, b.value, a.start
            basis = "fraction" if _compact(text, a, b) else "ratio"
            ids = [stat_at[x.start]["stat_id"] for x in (a, b) if x.start in stat_at]
        elif p.start in part_of:
            bd, part = part_of[p.start]
            num, ctx_start = part.value, part.start
            if bd.kind == "survey":
                den, basis = bd.total_value, "survey"
            else:
                den, basis = bd.total_value, "breakdown"
            if bd.total is not None:
                ctx_start = min(ctx_start, bd.total.start) if bd.kind != "survey" else ctx_start
        elif (r := _dossier_rate(p, text, st, sents)) is not None:
            num, den, ids = r
            basis = "dossier_rate"
            ctx_start = min(stat_at_id(stats, x) for x in ids)
        else:
            n = _nearest_count_before(nums, i, text)
            if n is not None:
                gap = text[n.end:p.start]
                label = text[clause_start(text, n.start, s0):n.start]
                sn = stat_at.get(n.start)
                if _TOTAL_WORDS.search(text[max(s0, n.start - 25):n.start]) and _NO_DIGITS.fullmatch(gap):
                    den, basis, ctx_start = n.value, "stated_total", n.start
                elif sn is not None and _PCT_LEAD.search(gap.rstrip()) or (sn is not None and "đạt" in gap):
                    g = [s for s in st.groups[sn["group_id"]] if s["metric"] == "received_total"]
                    num, ctx_start, ids = n.value, n.start, [sn["stat_id"]]
                    if g and g[0]["stat_id"] != sn["stat_id"]:
                        den, basis = g[0]["value"], "group_received"
                        ids.append(g[0]["stat_id"])
                    else:
                        basis = "count_before"
                elif _TRONG_DO.search(text, s0, n.start) and _PCT_LEAD.search(gap.rstrip()):
                    num, ctx_start = n.value, n.start
                    t = _total_before_trong_do(nums, text, n, s0, ix)
                    if t is not None:
                        den, basis, ctx_start = t.value, "within_total", t.start
                    else:
                        basis = "count_before"
            if basis is None:
                t = _same_unit_before(nums, i, text, s0, ix)
                if t is not None:
                    den, basis, ctx_start = t.value, "stated_total", t.start
        out.append({
            "doc_id": doc.doc_id,
            "pct_id": row_id(doc.doc_id, "P", k),
            "char_start": p.start,
            "char_end": p.end,
            "text": p.text,
            "value": float(p.value),
            "numerator": float(num) if num is not None else None,
            "denominator": float(den) if den is not None else None,
            "base_text": (_SPACES.sub(" ", base).strip() or None) if base else None,
            "approximate": bool(p.approximate),
            "ocr": bool(doc.is_ocr_at(p.start)),
            "basis": basis,
            "context_start": int(ctx_start),
            "decimals": int(p.decimals),
            "stat_ids": ids or None,
        })
    return {"percentages": out}


def stat_at_id(stats: list[dict], sid: str) -> int:
    for s in stats:
        if s["stat_id"] == sid:
            return s["char_start"]
    return 10 ** 12


def _total_before_trong_do(nums: list[Num], text: str, n: Num, s0: int, ix: _Index) -> Num | None:
    """"ban hành 467 văn bản trong đó ... là 467 văn bản đạt 100%": the count before "trong đó"."""
    seg_start = max(s0, n.start - 250)
    td = None
    for m in _TRONG_DO.finditer(text, seg_start, n.start):
        td = m
    if td is None:
        return None
    unit = _FIRST_WORD.match(text[n.end:n.end + 30])
    j = bisect.bisect_left(ix.starts, td.start()) - 1   # the last number before "trong đó"
    while j >= 0 and nums[j].start >= seg_start:
        m = nums[j]
        j -= 1
        if m.percent:
            continue
        u2 = _FIRST_WORD.match(text[m.end:m.end + 30])
        if unit and u2 and unit.group(1).lower() == u2.group(1).lower():
            return m
        return None
    return None


def _same_unit_before(nums: list[Num], i: int, text: str, s0: int, ix: _Index) -> Num | None:
    """"tiếp nhận 78 phiếu ...; qua tổng hợp 100% các phiếu": the count of the noun the percentage
    qualifies, stated earlier in the sentence."""
    p = nums[i]
    m = _NOUN_AFTER_PCT.match(text[p.end:p.end + 30])
    if not m or not _DETERMINER_AFTER_PCT.match(text[p.end:p.end + 12]):
        return None
    same_word = ix.counts_by_word().get(m.group(1).lower(), [])
    k = bisect.bisect_left(same_word, i) - 1   # the last number of the sentence followed by the noun
    return nums[same_word[k]] if k >= 0 and nums[same_word[k]].start >= s0 else None
