"""Dossier (hồ sơ) figures: every count of dossiers, what it counts, for which unit and period.

    extract(doc, rows) -> {"dossier_stats": [...]}

A number is a dossier figure when
  Form 1, "hồ sơ" follows it: "tiếp nhận: 2.473 hồ sơ", "bộ hồ sơ", "lượt hồ sơ", "94 giao dịch
          thủ tục hành chính" ("nộp 01 bộ hồ sơ", the copies a procedure asks for, is not a count);
  Form 2, "hồ sơ" heads the clause the number ends: "Số hồ sơ đã hoàn thành là 88,",
          "hồ sơ đang xử lý 6.";
  Form 3, a fraction in a clause about dossiers: "100% hồ sơ được số hoá (92/92)" gives two
          figures, the numerator and the denominator.
Counts of other things are not dossier figures ("307 hồ sơ đăng ký dự tuyển" and "67 hồ sơ cấp
CCCD" are, with metric other: they are dossiers but not one-stop procedure dossiers).

Metric: the cue phrases of `dossier_vocab` (nearest before the number, else the first after it;
channel and topic cues anywhere in the clause win). A count in brackets right after another
figure is a part of it: without a cue of its own it inherits the metric ("quá hạn là 20 hồ sơ (Sở
Tư pháp: 08 hồ sơ; ...)"); with one, it is read against it ("Số hồ sơ đang giải quyết: 150 hồ sơ
(trong hạn: 140 hồ sơ; quá hạn: 10 hồ sơ)" gives pending_in_time and pending_overdue).
A denominator ("84 hồ sơ/88 hồ sơ", "(92/92)") takes the metric of the figure of the same group
with the same value, else other.

Scope, most specific first: a named agency owning the figure ("Sở Tư pháp: 08 hồ sơ",
"Văn phòng UBND tỉnh trả quá hạn 11 hồ sơ"); the statement's subject ("- Cấp tỉnh:", "Tại
phường, xã", "Bộ phận Một cửa cấp huyện", "Trung tâm HCC thành phố"); the subject of the
previous statement in the same paragraph; the unit the report speaks for ("phường").

Period: a period phrase in the statement ("trong tháng 9/2018", "Tính đến ngày 25-5"), else that
of the previous statement with figures in the paragraph, else the nearest header line above
("(Từ ngày 10/9/2018 đến 10/10/2018)", "... tháng 02 năm 2020 như sau:").

group_id ties the figures of one scope and period (a bracketed breakdown is its own group).
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field

import regex

from extractors import dossier_vocab as V
from extractors.clauses import Sentences, clause_end, clause_start, line_span
from extractors.numbers import Num, find_numbers
from extractors.regex_at import KEEP_GIL, at_position
from pipeline.model import row_id

FLOW_METRICS = {"received_total", "received_new", "carried_over", "resolved_total", "resolved_early",
                "resolved_on_time", "resolved_on_or_before_time", "resolved_late", "pending_total",
                "pending_in_time", "pending_overdue", "overdue", "returned_or_withdrawn"}
STATUS_CUES = V.METRIC_CUES
# inside the brackets of a resolved / pending total, an unqualified status is read against it
_UNDER_PARENT = {
    "resolved_total": {"overdue": "resolved_late"},
    "pending_total": {"overdue": "pending_overdue", "resolved_on_time": "pending_in_time"},
}
CHANNEL_AND_TOPIC = {**V.CHANNEL_CUES, "other": V.OTHER_CUES}


@dataclass
class Figure:
    start: int
    end: int
    text: str
    value: int
    unit_end: int            # end of "hồ sơ" (or of the number when the unit is before it)
    approximate: bool = False
    denominator: bool = False
    fraction_of: "Figure | None" = None
    metric: str | None = None
    scope: str | None = None
    period: str | None = None
    group: str | None = None
    parent: "Figure | None" = None
    label: str = ""
    tail: str = ""
    extra: dict = field(default_factory=dict)


def skip_spans(doc) -> list[tuple[int, int]]:
    """Spans never read for figures: web widgets and page furniture found by the segmenter."""
    out = []
    for sp in list((doc.meta or {}).get("boilerplate") or []) + list(doc.debris or []):
        if isinstance(sp, dict):
            s, e = sp.get("char_start"), sp.get("char_end")
        else:
            s, e = sp[0], sp[1]
        if s is not None and e is not None:
            out.append((int(s), int(e)))
    return out


_SUBMIT = regex.compile(r"(?i)\b(?:nộp|gửi|lập|chuẩn\s+bị|kèm\s+theo|thành\s+phần)\b[^\d]{0,12}$")
_BLANKS = regex.compile(r"[ \t]*")
_SPACES = regex.compile(r"\s+")
# a line break that ends a statement: a blank line, or a next line opening with a capital, a digit or a list mark
_STATEMENT_BREAK = regex.compile(r"[ \t]*\n\s*(?:\n|[\p{Lu}\d\-+*•])")
_PREDICATE_END = regex.compile(r"(?i)(?:\blà|:|=)\s*$")
_ROMAN_PART = at_position(r"\s*[IVX]+\.\s")


def _next_nonspace(text: str, pos: int) -> str:
    m = _BLANKS.match(text, pos, None, KEEP_GIL)
    return text[m.end()] if m.end() < len(text) else "\n"


def find_figures(doc, nums: list[Num] | None = None) -> list[Figure]:
    """The dossier figures of a document, with unit, label and tail text (no metric yet)."""
    text = doc.text
    nums = find_numbers(text, skip_spans(doc)) if nums is None else nums
    sents = Sentences(text)
    num_starts = [m.start for m in nums]
    figs: list[Figure] = []
    prev_end = 0
    for n in nums:
        if n.percent:
            continue
        s0 = sents.span(n.start)[0]
        floor = max(s0, prev_end)
        if n.is_fraction:
            before = text[floor:n.start]
            if V.DOSSIER_WORD.search(before) or V.DOSSIER_UNIT.match(text, n.end, None, KEEP_GIL):
                den_txt = text[n.num_end:n.end].lstrip(" /")
                num_fig = Figure(n.start, n.num_end, text[n.start:n.num_end], int(n.value), n.num_end,  # type: ignore[arg-type]
                                 n.approximate)
                den_fig = Figure(n.end - len(den_txt), n.end, den_txt, int(n.den), n.end,  # type: ignore[arg-type]
                                 denominator=True, fraction_of=num_fig)
                figs += [num_fig, den_fig]
                prev_end = n.end
            continue
        if not isinstance(n.value, int):
            continue
        um = V.DOSSIER_UNIT.match(text, n.end, None, KEEP_GIL)
        if um and n.value <= 5 and (um.group("set") or _SUBMIT.search(text, max(0, n.start - 25), n.start)):
            continue   # "nộp 01 bộ hồ sơ": the copies a procedure asks for, not a count of dossiers
        if um:
            fig = Figure(n.start, n.end, n.text, n.value, um.end(), n.approximate)
            fig.extra["unit"] = _SPACES.sub(" ", um.group(0).strip().lower())
            if figs and figs[-1].unit_end <= n.start and _SLASH.match(text, figs[-1].unit_end) \
                    and not figs[-1].denominator and n.start - figs[-1].unit_end < 120:
                fig.denominator, fig.fraction_of = True, figs[-1]   # "84 hồ sơ/88 hồ sơ"
            figs.append(fig)
            prev_end = um.end()
            continue
        # Form 2: "Số hồ sơ đã hoàn thành là 88," - the number closes a clause about dossiers,
        # right after a predicate ("là", ":", a status verb)
        nxt = _next_nonspace(text, n.end)
        if nxt == "\n" and not _STATEMENT_BREAK.match(text[n.end:n.end + 8]):
            nxt = "wrapped"   # a line break inside a sentence (wrapped PDF text) does not close it
        if nxt in ",.;)\n(" or text.startswith("/", n.end):
            cs = clause_start(text, n.start, floor)
            label = text[cs:n.start]
            tail = label[-40:]
            predicate = _PREDICATE_END.search(tail) or V.find_cues(tail, V.METRIC_CUES, seg=False)
            if V.DOSSIER_WORD.search(label) and predicate and not _number_in(num_starts, cs, n.start):
                figs.append(Figure(n.start, n.end, n.text, n.value, n.end, n.approximate))
                figs[-1].extra["unit"] = "hồ sơ"
                prev_end = n.end
    return figs


def _number_in(starts: list[int], lo: int, hi: int) -> bool:
    """Does a number start in [lo, hi)? (`starts` sorted)"""
    k = bisect.bisect_left(starts, lo)
    return k < len(starts) and starts[k] < hi


def _strip_agency_names(s: str) -> str:
    return V.AGENCY_NAMES.sub(lambda m: " " * len(m.group(0)), s)


def classify(fig: Figure, seg: bool | None = None) -> str | None:
    """Metric from the figure's own words (None: nothing says; the caller inherits or defaults)."""
    label = _strip_agency_names(fig.label)
    tail = _strip_agency_names(fig.tail)
    for window in (label, tail):
        cue = V.nearest_cue(window, CHANNEL_AND_TOPIC, seg)
        if cue:
            return cue
    cue = V.nearest_cue(label, STATUS_CUES, seg)
    if cue:
        return cue
    return V.first_cue(tail, STATUS_CUES, seg)


def _label_and_tail(text: str, fig: Figure, floor: int) -> tuple[str, str]:
    cs = clause_start(text, fig.start, floor)
    if fig.fraction_of is None and fig.start - cs < 3 and cs > floor and text[cs - 1] == "(":
        # "100% hồ sơ được số hoá (92/92)": the bracket explains the words before it
        cs = clause_start(text, cs - 1, floor)
    label = text[cs:fig.start]
    te = clause_end(text, fig.unit_end)
    tail = _TAIL_STOP.split(text[fig.unit_end:te], 1)[0]
    return label, tail


# a conjunction starts another predicate: "94 giao dịch TTHC và lấy ý kiến ..." is not a survey count
_TAIL_STOP = regex.compile(r"(?i)\s(?:và|nhưng|để|nhằm|song|đồng\s+thời)\s")
_OPEN_BRACKET = at_position(r"[ \t]*\(")
_SLASH = at_position(r"[ \t]*/")


def _in_brackets_after(text: str, fig: Figure, prev: Figure | None) -> Figure | None:
    """The figure whose bracketed breakdown `fig` belongs to ("20 hồ sơ (Sở A: 01 hồ sơ; ...)")."""
    if prev is None:
        return None
    parent = prev.parent if prev.parent is not None else prev
    between = text[prev.unit_end:fig.start]
    if prev.parent is not None and ")" not in between and between.count("(") == 0:
        return parent
    if _OPEN_BRACKET.match(text, parent.unit_end) and ")" not in text[parent.unit_end:fig.start]:
        return parent
    return None


def _header_period(doc, text: str, pos: int, fig_lines: set[int]) -> str | None:
    """Period phrase of the nearest header line above `pos` that has no figures of its own."""
    limit = max(0, pos - 1800)
    ls, _ = line_span(text, pos)
    while ls > limit:
        ps, pe = line_span(text, ls - 1)
        line = text[ps:pe]
        if ps not in fig_lines and len(line) < 320:
            m = V.find_period(line)
            if m:
                return _SPACES.sub(" ", m.group(0)).strip()
        if _ROMAN_PART.match(line):
            return None  # never read a period across a Roman-numbered part
        ls = ps
    return None


def extract(doc, rows) -> dict:
    text = doc.text
    figs = find_figures(doc)
    if not figs:
        return {"dossier_stats": []}
    seg = V.wordseg_enabled()
    sents = Sentences(text)
    default_scope = V.document_unit(doc)
    fig_lines = {line_span(text, f.start)[0] for f in figs}

    prev: Figure | None = None
    sent_scope: dict[int, str | None] = {}
    sent_period: dict[int, str | None] = {}
    line_last: dict[int, tuple[str | None, str | None]] = {}
    groups: dict[tuple, str] = {}
    group_metrics: dict[str, dict[str, int]] = {}
    group_figs: dict[str, list[Figure]] = {}
    n_groups = 0
    for fig in figs:
        s0, s1 = sents.span(fig.start)
        floor = max(s0, prev.unit_end if prev is not None and prev.unit_end <= fig.start else s0)
        fig.label, fig.tail = _label_and_tail(text, fig, floor)
        ls = line_span(text, fig.start)[0]

        # sentence-level scope and period, computed at the first figure of the sentence
        if s0 not in sent_scope:
            prefix = text[s0:fig.start]
            sc = V.scope_in_prefix(prefix)
            pm = V.find_period(text[s0:s1])
            pr = _SPACES.sub(" ", pm.group(0)).strip() if pm else None
            inh_scope, inh_period = line_last.get(ls, (None, None))
            sent_scope[s0] = sc if sc else inh_scope
            sent_period[s0] = pr if pr else (inh_period if inh_period else _header_period(doc, text, s0, fig_lines))
            line_last[ls] = (sent_scope[s0], sent_period[s0])

        parent = None if fig.fraction_of else _in_brackets_after(text, fig, prev)
        fig.parent = parent
        own_scope = V.scope_of_clause(fig.label)
        fig.scope = own_scope or (parent.scope if parent else None) or sent_scope[s0] or default_scope
        fig.period = sent_period[s0]

        own = None if fig.denominator else classify(fig, seg)
        if parent is not None and own in _UNDER_PARENT.get(parent.metric, {}):  # type: ignore[arg-type]
            own = _UNDER_PARENT[parent.metric][own]   # type: ignore[index]  # "đã giải quyết: 1.100 (... quá hạn: 50)" is late
        # a bracket that names agencies is a breakdown of its own; one that splits a total into
        # stages of the flow ("đã giải quyết: 1.100 (trước hạn: 600; ...)") belongs to its group
        breakdown = parent is not None and (own_scope is not None or own is None)
        key = (None, fig.period, id(parent)) if breakdown else (fig.scope, fig.period, None)
        gid = groups.get(key)
        if fig.denominator:
            peers = group_figs.get(gid, []) if gid else []
            same = [f for f in peers if f.value == fig.value and f is not fig.fraction_of and f.metric]
            fig.metric = same[-1].metric if same else "other"
        elif own:
            fig.metric = own
        elif parent is not None:
            fig.metric = parent.metric
        elif fig.extra.get("unit") == "giao dịch":
            fig.metric = "received_total"
        else:
            fig.metric = "other"
        if gid is not None and fig.metric in FLOW_METRICS and not fig.denominator and not breakdown:
            seen = group_metrics[gid].get(fig.metric)
            if seen is not None and seen != fig.value:
                gid = None  # the same measure again with another value: a new statement
        if gid is None:
            n_groups += 1
            gid = f"{doc.doc_id[:12]}-G{n_groups:03d}"
            groups[key] = gid
            group_metrics[gid] = {}
            group_figs[gid] = []
        fig.group = gid
        group_figs[gid].append(fig)
        if fig.metric in FLOW_METRICS and not fig.denominator:
            group_metrics[gid].setdefault(fig.metric, fig.value)
        prev = fig

    out = []
    for i, fig in enumerate(figs, 1):
        out.append({
            "doc_id": doc.doc_id,
            "stat_id": row_id(doc.doc_id, "D", i),
            "section_id": doc.section_at(fig.start),
            "char_start": fig.start,
            "char_end": fig.end,
            "text": fig.text,
            "value": int(fig.value),
            "metric": fig.metric,
            "scope": fig.scope,
            "group_id": fig.group,
            "period_text": fig.period,
            "approximate": bool(fig.approximate),
            "ocr": bool(doc.is_ocr_at(fig.start)),
        })
    return {"dossier_stats": out}
