"""Totals and the parts the text breaks them into.

    find_breakdowns(text, nums, stats=None) -> [Breakdown]

Forms handled (T = the total, parts in brackets):

  Form 1, bracketed parts after the total's noun phrase:
          "131 TTHC mới ban hành ... của cấp huyện ([27] TTHC về đất đai; [02] TTHC ...; ...)",
          "254 cơ quan ... (trong đó [46] cơ quan ..., [208] cơ quan ...)", "158([80] cán bộ ..., [78] ...)"
  Form 2, a list after "trong đó", "gồm", "bao gồm", "cụ thể", "chia ra" or a colon, up to the end
          of the sentence: "658 người, trong đó: [65] cán bộ ...; [593] cán bộ ...",
          "32 đơn vị ... trong đó có [2] đơn vị ..., [12] đơn vị ... và [18] đơn vị ...",
          "cử 2 cán bộ tham gia lớp tập huấn, bồi dưỡng: [01] ...; [01] ..."; the list may open the
          next sentence: "Thị xã có 9 cơ quan, đơn vị .... Trong đó: ... [8]/8 xã, phường, [01] đơn vị"
  Form 3, survey answers, one "+ Label: n, đạt p%" ("- Label: n phiếu (p%)") line each, summing to the surveyed count stated
          above them ("Số hồ sơ được lấy phiếu khảo sát: 84 hồ sơ/88 hồ sơ" ... "+Rất hài lòng: 43, đạt
          51,19%" "+Hài lòng: 41, ..." "+Không hài lòng: 0")
  Form 4, a stated count and the names listed after "là:" / "gồm:": "05 phường được công nhận là:
          Hoàng Văn Thụ, Trần Phú, ..., Xương Giang", "03 TTHC là cấp mới, cấp đổi và cấp lại ..."
  Form 5, fractions of one denominator in one sentence that together make the whole:
          "hoàn thành tốt nhiệm vụ (28/35) và hoàn thành xuất sắc nhiệm vụ (07/35)"

What is not a part: percentages ("14 trung cấp tỷ lệ 17,95%" gives the part 14, not 17,95);
comments in brackets after a list ("gồm 21 chức danh và 01 chức danh ... (tính cả ... 22/23)");
an item whose unit differs from the unit most parts share ("593 cán bộ, viên chức ..., 03 HĐ 68
trong chỉ tiêu BC" - a note about contracts); and, for dossier figures, an item whose metric
differs from the total's (the flow of received/resolved/pending is checked by its own rule:
"quá hạn là 20 hồ sơ (Sở A: 01 hồ sơ; Sở B: 11 hồ sơ; ...; Văn phòng trả quá hạn 11 hồ sơ ...)"
keeps the overdue items, not the late-returned one).
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field

import regex

from extractors.clauses import Sentences
from extractors.numbers import Num
from extractors.regex_at import KEEP_GIL, at_position, group_numbers, matches_at


@dataclass
class Part:
    num: Num
    value: int
    unit: str | None
    pct: Num | None = None
    excluded: str | None = None   # why the item is not counted

    @property
    def start(self) -> int:
        return self.num.start

    @property
    def end(self) -> int:
        return self.num.num_end if self.num.is_fraction else self.num.end  # type: ignore[return-value]


@dataclass
class Breakdown:
    kind: str                     # bracket / list / survey / enumeration / fraction_set
    total: Num | None
    total_value: int
    total_unit: str | None
    parts: list[Part]
    start: int
    end: int
    items: list[str] = field(default_factory=list)   # enumeration: the names listed
    intro: str = ""               # the words that open the parts ("(", "trong đó", "gồm:", ...)
    cut: bool = False             # the list ends at a line break inside a sentence (wrapped PDF text)

    @property
    def subset(self) -> bool:
        """"trong đó" (of which) may name only some parts; "gồm", "bao gồm", brackets name all."""
        return bool(_TRONG_DO_INTRO.match(self.intro))

    @property
    def counted(self) -> list[Part]:
        return [p for p in self.parts if p.excluded is None]


_INTRO = regex.compile(
    r"(?i)(?P<br>\()\s*(?:trong\s+đó(?:\s+có)?|gồm(?:\s+có)?|bao\s+gồm)?\s*:?"
    r"|(?P<kw>trong\s+đó(?:\s+có)?|bao\s+gồm|gồm(?:\s+có)?|cụ\s+thể(?:[^:;.\n\d]{0,40}:)?|chia\s+ra)\s*:?"
    r"|(?<!\d\s?)(?P<colon>:)(?!\s?\d{4})")
_LIST_STOP = regex.compile(r"(?i)[,;]\s*(?:tổng\s+(?:số|cộng)|trong\s+đó)\b")
_SEPARATOR = regex.compile(r"(?i)[,;:(+]|\s(?:và|hoặc)\s|\n")
_NEXT_SENT_INTRO = regex.compile(r"(?i)\.\s+(?:trong\s+đó|cụ\s+thể|gồm|bao\s+gồm)\s*:?")
_PCT_CUE = regex.compile(r"(?i)(?:tỷ\s+lệ|tỉ\s+lệ|đạt|chiếm|bằng)\s*:?\s*$")
_SURVEY_LINE = regex.compile(
    r"(?m)^[ \t]*[+\-*•][ \t]*(?P<label>[^:\n\d]{1,60}?)[ \t]*:[ \t]*(?P<n>\d[\d.]*)"
    r"(?:[ \t]+[^\W\d_]+){0,2}[ \t]*(?:(?:,[ \t]*(?:đạt|chiếm|tỷ\s+lệ)[ \t]*|\([ \t]*(?:đạt|chiếm|tỷ\s+lệ)?[ \t]*)"
    r"(?P<p>\d+(?:[,.]\d+)?[ \t]?%)\)?)?[ \t.;]*$")
_SURVEY_WORDS = regex.compile(r"(?i)phiếu|khảo\s+sát|khải\s+sát|lấy\s+ý\s+kiến|được\s+hỏi|tham\s+gia\s+đánh\s+giá")
_ENUM = regex.compile(
    r"(?i)[ \t]+(?P<unit>[^\W\d_]+(?:[ \t]+[^\W\d_]+){0,14}?)[ \t]+(?:là|gồm|bao\s+gồm|gồm\s+có)[ \t]*:?[ \t]*"
    r"(?P<list>[^;.\n()\d]{3,300})")


# a total in these units is a duration, a frequency or a measure, not a count the text splits
_NOT_SUMMED = {"ngày", "tháng", "năm", "giờ", "phút", "giây", "tuần", "quý", "lần", "m", "km", "cm", "mm", "ha",
               "kg", "tấn", "lít", "độ", "mét", "kilômét", "héc"}
_FORMULA = regex.compile(r"[^\s]\s*[+=×]\s*\(?\s*\d")
_OR = regex.compile(r"(?i)\bhoặc\b")
_FUNCTION_WORDS = {"và", "là", "của", "đến", "theo", "tại", "trong", "với", "từ", "cho", "để", "đã", "được",
                   "có", "thì", "mà", "hoặc", "nhưng", "về", "ra", "vào", "đi"}
_TRONG_DO_INTRO = regex.compile(r"(?i)\(?\s*trong\s+đó")
_PCT_CUE_BETWEEN = regex.compile(r"(?i)[^\d;]{0,40}?(?:tỷ\s+lệ|tỉ\s+lệ|đạt|chiếm)\s*:?\s*")
_TOTAL_LEAD = regex.compile(r"(?i)(?::|\blà|tổng\s+số|tổng)$")
_SPACE_CAPITAL = regex.compile(r"[ \t]+\p{Lu}")
_CLOSED = regex.compile(r"[.;:!?)]\s*$")
_ANSWER_LABEL = regex.compile(r"[+\-*•]\s*[^:\n]{0,60}:\s*$")
_ENDS_WITH_SLASH = regex.compile(r"/\s*$")
_ITEM_SEP = regex.compile(r"(?i),|;|\s+và\s+")
_BRACKET, _COLON = group_numbers(_INTRO, "br", "colon")
_LABEL, _ANSWER, _ANSWER_PCT = group_numbers(_SURVEY_LINE, "label", "n", "p")
_ENUM_UNIT, _ENUM_LIST = group_numbers(_ENUM, "unit", "list")
_UNIT_ITEM = regex.compile(r"(?i)cấp|các|đơn|phường|xã|huyện")
_LINE_MARKS = " \t-+*•|"


def _opens_line(text: str, pos: int) -> bool:
    """Nothing but blanks and list marks between the line start and `pos` (walks back over those
    only, so a long line costs nothing)."""
    i = pos - 1
    while i >= 0 and text[i] in _LINE_MARKS:
        i -= 1
    return i < 0 or text[i] == "\n"


def unit_after(text: str, pos: int, n_words: int = 2) -> str | None:
    """The first words after a number, lower-case ("TTHC", "cán bộ"); None when punctuation or a
    function word ("và", "đến", ...) follows: then the number counts nothing named."""
    m = _UNIT_RX[n_words].match(text, pos)
    if not m or m.group(_WORDS).split()[0].lower() in _FUNCTION_WORDS:
        return None
    return m.group(_WORDS).lower()


_UNIT_RX = {k: regex.compile(r"[ \t]*(?P<w>[^\W\d_]+(?:[ \t]+[^\W\d_]+){0,%d})" % (k - 1)) for k in (1, 2, 3)}
_WORDS, = group_numbers(_UNIT_RX[1], "w")   # the same in each


def _head(unit: str | None) -> str | None:
    return unit.split()[0] if unit else None


_SENT_END = regex.compile(r"\n|\.(?=\s|$)")


def _sentence_end(text: str, pos: int, limit: int) -> int:
    m = _SENT_END.search(text, pos, min(len(text), limit), KEEP_GIL)
    return m.start() if m else min(len(text), limit)


def _matching_bracket(text: str, open_pos: int, limit: int) -> int | None:
    depth = 0
    for i in range(open_pos, min(len(text), limit)):
        c = text[i]
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return i
        elif c == "\n":
            return None
    return None


def _parts_in(text: str, nums: list[Num], starts: list[int], s: int, e: int, stop_at_bracket: bool,
              total: int | None = None) -> list[Part]:
    if stop_at_bracket:
        b = text.find("(", s, e)
        if b >= 0:
            e = b
    m = _LIST_STOP.search(text, s, e, KEEP_GIL)
    if m and m.start() > s:
        e = m.start()   # "..., tổng số văn bản đến 445 ...": a new statement, not a part
    parts: list[Part] = []
    for n in nums[bisect.bisect_left(starts, s):bisect.bisect_left(starts, e)]:
        if n.percent:
            if parts and parts[-1].pct is None and _PCT_CUE.search(text[parts[-1].end:n.start].strip()[-12:] + " "):
                parts[-1].pct = n
            elif parts and parts[-1].pct is None and _PCT_CUE_BETWEEN.fullmatch(text[parts[-1].end:n.start]):
                parts[-1].pct = n
            continue
        if not isinstance(n.value, int) or n.approximate:
            continue
        if parts and not _SEPARATOR.search(text, parts[-1].end, n.start, KEEP_GIL):
            continue   # "1 công chức 02 bằng đại học": an attribute of the item, not another item
        if n.is_fraction and total is not None and n.den > total:  # type: ignore[operator]
            continue   # "1/3 chiều dài": a share of something else, not an item of the total
        end = n.num_end if n.is_fraction else n.end
        parts.append(Part(n, int(n.value), unit_after(text, n.end if n.is_fraction else end)))  # type: ignore[arg-type]
    return parts


def _exclude_by_unit(parts: list[Part], total_unit: str | None) -> None:
    heads = [_head(p.unit) for p in parts]
    counts: dict[str | None, int] = {}
    for h in heads:
        counts[h] = counts.get(h, 0) + 1
    best, k = max(counts.items(), key=lambda kv: kv[1])
    if best is None or k < 2 or k * 2 <= len(parts):
        return
    for p, h in zip(parts, heads):
        if h != best and h != _head(total_unit) and h is not None:
            p.excluded = f"unit '{p.unit}' differs from the parts' '{best}'"


def _exclude_by_metric(parts: list[Part], total: Num, stats_by_start: dict[int, dict]) -> bool:
    """Dossier totals: only items of the total's metric are parts. Returns False when the
    total is a dossier figure whose items are a flow (left to the flow rule)."""
    ts = stats_by_start.get(total.start)
    if ts is None:
        return True
    same = 0
    for p in parts:
        ps = stats_by_start.get(p.start)
        if ps is None or ps.get("metric") != ts.get("metric"):
            p.excluded = (f"metric {ps.get('metric')} differs from the total's {ts.get('metric')}"
                          if ps else "not a dossier figure")
        else:
            same += 1
    return same >= 2


_LAST: list = [None, None, None, None]   # text, nums, stats, breakdowns of the last call


def find_breakdowns(text: str, nums: list[Num], stats: list[dict] | None = None) -> list[Breakdown]:
    """Every total with its parts (Forms 1, 2, 4, 5) and every survey block (Form 3).

    The percentage extractor and the sum check both ask for the same document's breakdowns: a
    call with the same text, numbers and dossier rows returns the list the last call built (the
    same objects; callers only read them)."""
    last_text, last_nums, last_stats, last_out = _LAST
    stats = stats or []
    if (text is last_text and len(stats) == len(last_stats) and all(a is b for a, b in zip(stats, last_stats))
            and nums == last_nums):
        return list(last_out)
    out = _find_breakdowns(text, nums, stats)
    _LAST[:] = [text, list(nums), list(stats), out]
    return list(out)


_NOT_READ = "\x00not read"   # a unit no text has
# every match of _INTRO has a bracket, a colon or one of these words (lower-cased)
_INTRO_MARKS = ("(", ":", "trong", "gồm", "cụ", "chia")


def _may_introduce(seg: str) -> bool:
    low = seg.lower()
    return any(w in low for w in _INTRO_MARKS)


def _find_breakdowns(text: str, nums: list[Num], stats: list[dict]) -> list[Breakdown]:
    stats_by_start = {s["char_start"]: s for s in (stats or [])}
    counts = [n for n in nums if not n.percent]
    num_starts = [n.start for n in nums]
    out: list[Breakdown] = []
    used_as_part: set[int] = set()
    sents = Sentences(text)
    for i, t in enumerate(counts):
        if not isinstance(t.value, int) or t.start in used_as_part:
            continue
        t_end = t.end
        nxt = counts[i + 1].start if i + 1 < len(counts) else len(text)
        window_end = min(len(text), t_end + 220)
        sent_end = _sentence_end(text, t_end, window_end)
        seg = text[t_end:min(sent_end, nxt)]
        total_unit: str | None = _NOT_READ   # after "175/175": "xã, phường"; read once needed
        found = None
        for m in [*(_INTRO.finditer(seg) if _may_introduce(seg) else ()), None]:
            if m is not None and (";" in seg[:m.start()] or (m.group(_COLON) and m.start() > 80)):
                break
            if m is None:
                if found is not None or sent_end >= nxt or sent_end - t_end >= 120 or ";" in text[t_end:sent_end]:
                    break
                mc = _NEXT_SENT_INTRO.match(text, sent_end)
                if mc is None:
                    break
                ps, pe, kind, stop = mc.end(), _sentence_end(text, mc.end(), mc.end() + 400), "list", True
                intro = mc.group(0).lstrip(". ")
            elif m.group(_BRACKET):
                br_pos = t_end + m.start()
                close = _matching_bracket(text, br_pos, br_pos + 800)
                if close is None:
                    continue
                ps, pe, kind, stop = t_end + m.end(), close, "bracket", False
                intro = m.group(0)
            else:
                ps = t_end + m.end()
                pe, kind, stop = _sentence_end(text, ps, ps + 500), "list", True
                intro = m.group(0)
            parts = _parts_in(text, nums, num_starts, ps, pe, stop, int(t.value))
            if len(parts) < 2 or not _exclude_by_metric(parts, t, stats_by_start):
                continue
            if any(_OR.search(text, a.end, b.start) for a, b in zip(parts, parts[1:])):
                continue   # "(01 bản chính hoặc 01 bản sao)": alternatives, not parts
            if total_unit == _NOT_READ:
                total_unit = unit_after(text, t_end)
            _exclude_by_unit(parts, total_unit)
            if len([p for p in parts if p.excluded is None]) >= 2:
                found = (kind, parts, intro, pe)
                break
        if found is None:
            continue
        kind, parts, intro, pe = found
        if total_unit == _NOT_READ:
            total_unit = unit_after(text, t_end)
        before = text[max(0, t.start - 14):t.start].rstrip()
        if not (total_unit or _TOTAL_LEAD.search(before)):
            continue   # "1114 (tọa độ ...": an identifier, not a count with parts
        if _head(total_unit) in _NOT_SUMMED:
            continue   # durations, frequencies, lengths: "45 ngày ... là 45 ngày và 60 ngày"
        if _opens_line(text, t.start) and _SPACE_CAPITAL.match(text[t_end:t_end + 3]):
            continue   # "2 Phước Thành: ...": list numbering, not a count
        if _FORMULA.search(text, t_end, pe):
            continue   # "(7.000 m2 + 9.000 m2)": a formula, not a list of parts
        for p in parts:
            used_as_part.add(p.start)
        end = max(p.pct.end if p.pct else p.end for p in parts)
        cut = pe < len(text) and text[pe] == "\n" and not _CLOSED.search(text[max(0, pe - 3):pe])
        out.append(Breakdown(kind, t, int(t.value), total_unit, parts, t.start, end, intro=intro.strip(), cut=cut))
    out += _survey_blocks(text, nums, sents)
    out += _enumerations(text, counts)
    out += _fraction_sets(text, counts, sents)
    return out


_SURVEY_LINE_AT = at_position(_SURVEY_LINE.pattern)


def survey_lines(text: str) -> list:
    """What `_SURVEY_LINE.finditer(text)` finds, with the pattern tried only at the starts of the
    lines where it can match (a (?m)^ scan stops at every character of the text): the first
    character after spaces and tabs is a list mark, and the line's first ":" after it is followed,
    past spaces and tabs, by a digit (the label holds no ":"; outside ASCII the regex decides: its
    Unicode tables are newer than Python's). A line without that costs the regex its label's
    every length, 10-30 µs."""
    places = []
    n, p = len(text), 0
    while p < n:
        q = p
        while q < n and text[q] in " \t":
            q += 1
        nl = text.find("\n", q)
        if q < n and text[q] in "+-*•":
            c = text.find(":", q + 1, nl if nl >= 0 else n)
            if c >= 0:
                c += 1
                while c < n and text[c] in " \t":
                    c += 1
                if c < n and ("0" <= text[c] <= "9" or text[c] >= "\x80"):   # outside ASCII the regex decides
                    places.append(p)
        if nl < 0:
            break
        p = nl + 1
    return matches_at(_SURVEY_LINE_AT, text, places)


def _survey_blocks(text: str, nums: list[Num], sents: Sentences) -> list[Breakdown]:
    by_start = {n.start: n for n in nums}
    starts = [n.start for n in nums]
    blocks: list[list[regex.Match]] = []
    last_end = -10
    for m in survey_lines(text):
        gap = text[last_end:m.start()]
        if blocks and gap.strip() == "" and last_end >= 0:
            blocks[-1].append(m)
        else:
            blocks.append([m])
        last_end = m.end()
    out = []
    for b in blocks:
        if len(b) < 2:
            continue
        parts = []
        for m in b:
            n = by_start.get(m.start(_ANSWER))
            if n is None or not isinstance(n.value, int):
                break
            pct = by_start.get(m.start(_ANSWER_PCT)) if m.group(_ANSWER_PCT) else None
            parts.append(Part(n, int(n.value), m.group(_LABEL).strip().lower(), pct))
        else:
            ref = _survey_reference(text, nums, starts, b[0].start())
            total_value = int(ref.value) if ref is not None else sum(p.value for p in parts)
            out.append(Breakdown("survey", ref, total_value, None, parts, b[0].start(_LABEL), b[-1].end()))
    return out


def _survey_reference(text: str, nums: list[Num], starts: list[int], block_start: int) -> Num | None:
    """The surveyed count a block of answers must add up to: the nearest count above it whose
    clause speaks of ballots or a survey ("Số hồ sơ được lấy phiếu khảo sát: 84 hồ sơ/88 hồ sơ")."""
    lo = max(0, block_start - 1500)
    best = None
    for n in nums[bisect.bisect_left(starts, lo):bisect.bisect_left(starts, block_start)]:
        if n.percent or not isinstance(n.value, int):
            continue
        ls = text.rfind("\n", 0, n.start) + 1
        clause = text[ls:n.start]
        if _ANSWER_LABEL.search(clause, None, None, KEEP_GIL):
            continue   # an answer of an earlier block, not a surveyed count
        if _SURVEY_WORDS.search(clause, None, None, KEEP_GIL) and not _ENDS_WITH_SLASH.search(clause):
            best = n
    return best


def _enumerations(text: str, counts: list[Num]) -> list[Breakdown]:
    out = []
    for n in counts:
        if not isinstance(n.value, int) or n.is_fraction or not (2 <= n.value <= 30):
            continue
        m = _ENUM.match(text, n.end) if n.end < len(text) and text[n.end] in " \t" else None
        if not m or _head(m.group(_ENUM_UNIT).lower()) in _NOT_SUMMED:
            continue
        items = [x.strip() for x in _ITEM_SEP.split(m.group(_ENUM_LIST)) if x.strip()]
        if len(items) < 2 or any(len(x.split()) > 7 for x in items):
            continue
        if not all(x[0].isupper() or _UNIT_ITEM.match(x) for x in items) \
                and len({x.split()[0].lower() for x in items}) > 1:
            continue  # not a list of names or of parallel items ("cấp mới, cấp đổi, cấp lại")
        out.append(Breakdown("enumeration", n, int(n.value), unit_after(text, n.end),
                             [], n.start, m.end(_ENUM_LIST), items=items))
    return out


def _fraction_sets(text: str, counts: list[Num], sents: Sentences) -> list[Breakdown]:
    groups: dict[tuple[int, int], list[Num]] = {}
    for n in counts:
        if n.is_fraction:
            groups.setdefault((sents.span(n.start)[0], n.den), []).append(n)  # type: ignore[arg-type]
    out = []
    for (_, den), fr in groups.items():
        if den < 5:
            continue   # "1/2 mức tiền phạt": shares of an amount, not counts out of a whole
        if len(fr) < 2 or sum(int(f.value) for f in fr) != den:
            continue  # fractions of one base that do not make the whole are often alternatives
        parts = [Part(f, int(f.value), None) for f in fr]
        out.append(Breakdown("fraction_set", None, den, None, parts, fr[0].start, fr[-1].end))
    return out
