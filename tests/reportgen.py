"""Write CCHC report text the way the seed reports are written, with planted inconsistencies.

    make_report(seed, plants=()) -> Report(text, sections, citations, plants)

The report has the parts the seeds have: dossier statements at city and ward level (seed 000
style), a quarterly ward statement with rates (002 style), a provincial statement with an overdue
breakdown by agency (004 style), a carried-over statement (001 style), a statement in the wording
of the national reporting template (not in any seed), breakdowns in brackets and
lists, a survey block, percentages with fractions, a duplicated-free section tree, citations, and
appendix tables (level columns, a rate column, a ticked list with a total row). Every number is
drawn at random from `seed`; in the clean report (plants=()) every total adds up and every
percentage is rounded half-up to the decimals written.

Each name in PLANTS breaks one relation, locally, and is recorded as a `Plant` with the rule a
check should report and the span of the figures involved. Sections and citation rows are
returned as the segmenter and the citation extractor would give them (the checks read those).
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from fractions import Fraction

from extractors.numbers import render_decimal, render_int

PLANTS = {
    "flow": "sum_total",               # received != resolved + pending
    "resolved_parts": "sum_total",     # resolved != early + on time
    "carried_flow": "sum_total",       # carried over + new != resolved + pending
    "level_flow": "sum_total",         # received != on/before time + pending + overdue
    "agency_breakdown": "sum_total",   # overdue != its agency breakdown
    "national_intake": "sum_total",    # national template: received != carried over + new
    "national_flow": "sum_total",      # national template: received != resolved + pending
    "national_pending": "sum_total",   # national template: pending != in time + overdue
    "national_rate": "percentage",     # national template: "Tỷ lệ giải quyết đúng hạn đạt p%"
    "bracket_parts": "sum_total",      # "131 TTHC (27 ...; 02 ...)" does not add up
    "list_parts": "sum_total",         # "T người, gồm: a ...; b ..." does not add up
    "survey_sum": "sum_total",         # survey answers do not add up to the surveyed count
    "enumeration": "sum_total",        # "05 phường ... là: A, B, C, D" lists four
    "pct_wrong": "percentage",         # a survey answer's share is wrong
    "pct_truncated": "rounding",       # a survey answer's share is truncated, not rounded
    "rate_wrong": "percentage",        # "tỷ lệ đúng hạn" does not follow from the counts
    "ratio_wrong": "percentage",       # "a hồ sơ/ tổng ... là b hồ sơ, đạt tỷ lệ: p%"
    "within_total_wrong": "percentage",  # "T văn bản trong đó ... n văn bản đạt p%"
    "breakdown_pct_wrong": "percentage",  # "tổng số: T ..., cụ thể: a trung cấp tỷ lệ p%"
    "fraction_wrong": "fraction",      # "đạt p% (a/b)"
    "table_row_full": "sum_total",     # Tổng số != sum of filled level cells
    "table_row_empty": "sum_total",    # Tổng số > known level cells, one empty
    "table_column": "sum_total",       # "Tổng số" row != number of X marks
    "table_pct": "percentage",         # rate column != row total / base row
    "crossref": "cross_reference",     # table row (Nghị định 43) != body figure
    "duplicate_section": "structure",  # "II." used twice
    "citation_date": "citation",       # one report cited with two dates
    "citation_description": "citation",  # one plan described with two periods
}


@dataclass
class Plant:
    name: str
    rule: str
    start: int
    end: int


@dataclass
class Report:
    text: str
    sections: list[dict]
    citations: list[dict]
    plants: list[Plant] = field(default_factory=list)


class _Writer:
    def __init__(self, rng: random.Random, plants: set[str]):
        self.rng = rng
        self.plants = plants
        self.parts: list[str] = []
        self.pos = 0
        self.sections: list[dict] = []
        self.citations: list[dict] = []
        self.planted: list[Plant] = []
        self._parents: dict[int, str | None] = {}

    def add(self, s: str) -> tuple[int, int]:
        start = self.pos
        self.parts.append(s)
        self.pos += len(s)
        return start, self.pos

    def num(self, v: int, pad: bool = False) -> tuple[int, int]:
        return self.add(render_int(v, 2 if pad else 0))

    def para(self):
        self.add("\n\n")

    def heading(self, numbering: str, title: str, level: int):
        parent = self._parents.get(level - 1) if level > 1 else None
        sid = f"S{len(self.sections) + 1:04d}"
        s, e = self.add(f"{numbering}. {title}")
        self.sections.append({"section_id": sid, "parent_id": parent, "level": level,
                              "numbering": numbering, "heading": title, "char_start": s, "char_end": e})
        self._parents[level] = sid
        for deeper in [k for k in self._parents if k > level]:
            del self._parents[deeper]
        self.para()

    def cite(self, text: str, ref: str, date: str, anomaly: str | None = None) -> tuple[int, int]:
        s, e = self.add(text)
        self.citations.append({"citation_id": f"C{len(self.citations) + 1:04d}", "char_start": s, "char_end": e,
                               "text": text, "ref": ref, "date": date, "anomaly": anomaly,
                               "doc_type": text.split(" số")[0]})
        return s, e

    def plant(self, name: str, start: int, end: int):
        self.planted.append(Plant(name, PLANTS[name], start, end))

    def on(self, name: str) -> bool:
        return name in self.plants


def _pct(num: int, den: int, k: int) -> str:
    return render_decimal(Fraction(100 * num, den), k)


def _truncated(num: int, den: int, k: int) -> str | None:
    """The share cut to k decimals, when cutting differs from rounding."""
    x = Fraction(100 * num, den) * 10 ** k
    t = x.numerator // x.denominator
    if render_decimal(Fraction(t, 10 ** k), k) == _pct(num, den, k):
        return None
    return render_decimal(Fraction(t, 10 ** k), k)


def _wrong(num: int, den: int, k: int, rng: random.Random) -> str:
    """A share off by far more than the rounding: the digits of another fraction."""
    right = Fraction(100 * num, den)
    off = Fraction(rng.choice([3, 5, 7, 11]), 1) + Fraction(rng.randint(11, 89), 100)
    v = right - off if right > off + 1 else right + off
    return render_decimal(v, k)


def _split(total: int, n: int, rng: random.Random) -> list[int]:
    cuts = sorted(rng.sample(range(1, total), n - 1))
    return [b - a for a, b in zip([0] + cuts, cuts + [total])]


def _dossier_city(w: _Writer):
    rng = w.rng
    w.add("- *Kết quả tiếp nhận, giải quyết TTHC tại Bộ phận tiếp nhận và trả kết quả thành phố và phường, xã: "
          f"(Từ ngày 10/9/{2018} đến 10/10/{2018})*")
    w.para()
    for k, scope in enumerate(("thành phố", "phường, xã")):
        early, on_time, pending = rng.randint(300, 3000), rng.randint(100, 2000), rng.randint(0, 400)
        resolved = early + on_time
        received = resolved + pending
        if k == 0 and w.on("flow"):
            received += rng.choice([-1, 1]) * rng.randint(3, 90)
        early_w = early + (rng.randint(2, 40) if k == 1 and w.on("resolved_parts") else 0)
        s0, _ = w.add(f"+ Tại {scope} đã tiếp nhận: ")
        a, _ = w.num(received)
        w.add(" hồ sơ; trong đó: đã giải quyết: ")
        r0, _ = w.num(resolved)
        w.add(" hồ sơ; gồm: giải quyết trước hạn: ")
        w.num(early_w)
        w.add(" hồ sơ; giải quyết đúng hạn: ")
        _, r1 = w.num(on_time)
        w.add(" hồ sơ; đang giải quyết: ")
        _, p1 = w.num(pending)
        w.add(" hồ sơ; quá hạn: 0 hồ sơ.")
        w.para()
        if k == 0 and w.on("flow"):
            w.plant("flow", a, p1)
        if k == 1 and w.on("resolved_parts"):
            w.plant("resolved_parts", r0, r1)


def _dossier_ward(w: _Writer):
    rng = w.rng
    w.add("-Tình hình giải quyết hồ sơ hành chính quý 1/2023 (thời gian: 15/12/2022-06/3/2023)")
    w.para()
    early, on_time, late, pending = rng.randint(20, 90), rng.randint(5, 40), rng.randint(1, 20), rng.randint(0, 9)
    resolved = early + on_time + late
    received = resolved + pending
    rate = _pct(early + on_time, resolved, 2)
    if w.on("rate_wrong"):
        rate = _wrong(early + on_time, resolved, 2, rng)
    w.add("+Tổng hồ sơ đã nhận: ")
    a, _ = w.num(received)
    w.add(" hồ sơ, trong đó đã giải quyết: trước hạn ")
    w.num(early)
    w.add(" hồ sơ, đúng hạn ")
    w.num(on_time)
    w.add(" hồ sơ, trễ hạn ")
    w.num(late)
    w.add(" hồ sơ, đang giải quyết ")
    w.num(pending)
    w.add(" hồ sơ, tỷ lệ đúng hạn ")
    _, e = w.add(rate + "%")
    w.add(", trễ hạn " + _pct(late, resolved, 2) + "%.")
    w.para()
    if w.on("rate_wrong"):
        w.plant("rate_wrong", a, e)
    online = rng.randint(2, 15)
    eligible = online + rng.randint(10, 80)
    p = _wrong(online, eligible, 2, rng) if w.on("ratio_wrong") else _pct(online, eligible, 2)
    w.add("+Hồ sơ mức độ 3, 4: đã giải quyết mức độ 3 cho ")
    a, _ = w.num(online)
    w.add(" hồ sơ/ tổng hồ sơ trong dạng mức độ 3,4 là ")
    w.num(eligible)
    w.add(" hồ sơ, đạt tỷ lệ: ")
    _, e = w.add(p + "%")
    w.add(".")
    w.para()
    if w.on("ratio_wrong"):
        w.plant("ratio_wrong", a, e)


def _dossier_province(w: _Writer):
    rng = w.rng
    w.add("Kết quả giải quyết TTHC tại Bộ phận Một cửa các cấp trên địa bàn tỉnh tháng 02 năm 2020 như sau:")
    w.para()
    agencies = ["Sở Tư pháp", "Sở Xây dựng", "Sở Y tế", "Ban Quản lý các Khu công nghiệp"]
    parts = [rng.randint(1, 12) for _ in range(3)]
    overdue = sum(parts)
    done, pending = rng.randint(3000, 9000), rng.randint(200, 3000)
    received = done + pending + overdue
    if w.on("level_flow"):
        received += rng.randint(5, 60)
    shown = list(parts)
    if w.on("agency_breakdown"):
        shown[1] += rng.randint(2, 6)
    w.add("- Cấp tỉnh: Trung tâm Phục vụ hành chính công tiếp nhận ")
    a, _ = w.num(received)
    w.add(" hồ sơ, trong đó: trả kết quả đúng hạn và trước hạn là ")
    w.num(done)
    w.add(" hồ sơ; đang giải quyết chưa đến hạn: ")
    w.num(pending)
    w.add(" hồ sơ, quá hạn là ")
    q0, q1 = w.num(overdue)
    w.add(" hồ sơ (")
    names = rng.sample(agencies, 3)
    last = q1
    for i, (name, v) in enumerate(zip(names, shown)):
        w.add(("; " if i else "") + f"{name}: ")
        _, last = w.num(v, pad=True)
        w.add(" hồ sơ")
    w.add(").")
    w.para()
    if w.on("level_flow"):
        w.plant("level_flow", a, q1)
    if w.on("agency_breakdown"):
        w.plant("agency_breakdown", q0, last)


def _dossier_centre(w: _Writer):
    rng = w.rng
    carried, new = rng.randint(50, 900), rng.randint(5000, 20000)
    pending = rng.randint(50, 900)
    resolved = carried + new - pending
    if w.on("carried_flow"):
        resolved -= rng.randint(3, 50)
    w.add("Tính đến ngày 25-5, Trung tâm HCC thành phố tiếp tục giải quyết ")
    a, _ = w.num(carried)
    w.add(" hồ sơ, tiếp nhận mới tổng số ")
    w.num(new)
    w.add(" hồ sơ thuộc các lĩnh vực, đã giải quyết được ")
    w.num(resolved)
    w.add(" hồ sơ, ")
    _, e = w.num(pending)
    w.add(" hồ sơ đang trong thời hạn giải quyết.")
    w.para()
    if w.on("carried_flow"):
        w.plant("carried_flow", a, e)


def _dossier_national(w: _Writer):
    """The wording of the national reporting template: each total with its stages in brackets."""
    rng = w.rng
    carried, new = rng.randint(20, 300), rng.randint(500, 5000)
    early, on_time, late = rng.randint(100, 2000), rng.randint(100, 2000), rng.randint(0, 60)
    resolved = early + on_time + late
    received = carried + new
    pending = received - resolved
    if pending < 2:
        new += 2 - pending
        received, pending = carried + new, 2
    in_time = rng.randint(1, pending - 1)
    overdue = pending - in_time
    shown_received = received + (rng.randint(3, 40) if w.on("national_intake") else 0)
    shown_resolved = resolved - (rng.randint(3, 40) if w.on("national_flow") else 0)
    shown_in_time = in_time + (rng.randint(1, 9) if w.on("national_pending") else 0)
    if w.on("national_flow"):
        early -= resolved - shown_resolved   # the parts still add up to the (wrong) resolved total
    if w.on("national_intake"):
        pending += shown_received - received   # the flow still balances; only the intake does not
        in_time += shown_received - received
        shown_in_time += shown_received - received
    rate = _pct(early + on_time, shown_resolved, 2)
    if w.on("national_rate"):
        rate = _wrong(early + on_time, shown_resolved, 2, rng)
    w.add("* Tại Trung tâm Phục vụ hành chính công tỉnh (từ ngày 15/11/2019 đến ngày 14/12/2019): "
          "Tổng số hồ sơ tiếp nhận: ")
    a, _ = w.num(shown_received)
    w.add(" hồ sơ (kỳ trước chuyển sang: ")
    w.num(carried)
    w.add(" hồ sơ; mới tiếp nhận: ")
    _, b = w.num(new)
    w.add(" hồ sơ). Số hồ sơ đã giải quyết: ")
    r0, _ = w.num(shown_resolved)
    w.add(" hồ sơ (trước hạn: ")
    w.num(early)
    w.add(" hồ sơ; đúng hạn: ")
    w.num(on_time)
    w.add(" hồ sơ; quá hạn: ")
    w.num(late, pad=True)
    w.add(" hồ sơ). Số hồ sơ đang giải quyết: ")
    p0, _ = w.num(pending)
    w.add(" hồ sơ (trong hạn: ")
    w.num(shown_in_time)
    w.add(" hồ sơ; quá hạn: ")
    _, p1 = w.num(overdue, pad=True)
    w.add(" hồ sơ). Tỷ lệ giải quyết đúng hạn đạt ")
    _, e = w.add(rate + "%")
    w.add(".")
    w.para()
    if w.on("national_intake"):
        w.plant("national_intake", a, b)
    if w.on("national_flow"):
        w.plant("national_flow", a, p0 + 1)
    if w.on("national_pending"):
        w.plant("national_pending", p0, p1)
    if w.on("national_rate"):
        w.plant("national_rate", r0, e)


def _breakdowns(w: _Writer):
    rng = w.rng
    fields = ["lĩnh vực đất đai", "môi trường", "hộ tịch", "chứng thực", "xây dựng", "tôn giáo"]
    parts = [rng.randint(2, 30) for _ in range(rng.randint(3, 5))]
    total = sum(parts) + (rng.randint(2, 9) if w.on("bracket_parts") else 0)
    w.add("Năm 2016 Thị xã đã cập nhật và kiểm soát ")
    a, _ = w.num(total)
    w.add(" TTHC mới ban hành, chuẩn hóa được công bố thuộc thẩm quyền giải quyết của cấp huyện (")
    e = a
    for i, (v, f) in enumerate(zip(parts, rng.sample(fields, len(parts)))):
        w.add("; " if i else "")
        _, e = w.num(v, pad=True)
        w.add(f" TTHC về {f}")
    w.add(").")
    w.para()
    if w.on("bracket_parts"):
        w.plant("bracket_parts", a, e)

    staff, units = rng.randint(40, 120), rng.randint(200, 700)
    total = staff + units + (rng.randint(3, 30) if w.on("list_parts") else 0)
    w.add("Tổng số cán bộ, công chức, viên chức cấp Thị xã thời điểm tháng 01 năm 2017: ")
    a, _ = w.num(total)
    w.add(" người, gồm: ")
    w.num(staff)
    w.add(" cán bộ, công chức cơ quan UBND Thị xã; ")
    _, e = w.num(units)
    w.add(" cán bộ, viên chức đơn vị sự nghiệp công trực thuộc.")
    w.para()
    if w.on("list_parts"):
        w.plant("list_parts", a, e)

    levels = [rng.randint(3, 30), rng.randint(1, 10), rng.randint(20, 80)]
    total = sum(levels)
    w.add("Về số lượng công chức cấp xã tổng số: ")
    a, _ = w.num(total)
    w.add(" đạt chuẩn 100% về chuyên môn nghiệp vụ, cụ thể trình độ chuyên môn: ")
    wrong_at = rng.randrange(3) if w.on("breakdown_pct_wrong") else -1
    e = a
    for i, (v, name) in enumerate(zip(levels, ("trung cấp", "Cao đẳng", "Đại học"))):
        w.add("; " if i else "")
        w.num(v, pad=True)
        p = _wrong(v, total, 2, rng) if i == wrong_at else _pct(v, total, 2)
        w.add(f" {name} tỷ lệ ")
        _, e2 = w.add(p + "%")
        if i == wrong_at:
            e = e2
    w.add(";")
    w.para()
    if w.on("breakdown_pct_wrong"):
        w.plant("breakdown_pct_wrong", a, e)

    names = ["Hoàng Văn Thụ", "Trần Phú", "Ngô Quyền", "Thọ Xương", "Xương Giang", "Lê Lợi", "Mỹ Độ"]
    k = rng.randint(2, 6)
    listed = rng.sample(names, k)
    stated = k + 1 if w.on("enumeration") else k
    w.add("- UBND phường Thọ Xương hoàn thành việc xây dựng hệ thống quản lý chất lượng; đến nay thành phố đã có ")
    a, _ = w.num(stated, pad=True)
    _, e = w.add(" phường được công nhận là: " + ", ".join(listed))
    w.add("; các phường, xã còn lại đang hoàn thiện.")
    w.para()
    if w.on("enumeration"):
        w.plant("enumeration", a, e)


def _modernisation(w: _Writer):
    rng = w.rng
    total = rng.randint(200, 900)
    sent = total - rng.randint(0, 40)
    p = _wrong(sent, total, 0, rng) if w.on("within_total_wrong") else _pct(sent, total, 0)
    w.add("- Trong tháng, UBND thành phố đã ban hành ")
    a, _ = w.num(total)
    w.add(" văn bản trong đó gửi qua hệ thống thư điện tử là ")
    w.num(sent)
    w.add(" văn bản đạt ")
    _, e = w.add(p + "%")
    w.add(".")
    w.para()
    if w.on("within_total_wrong"):
        w.plant("within_total_wrong", a, e)

    quota = rng.randint(15, 40)
    filled = quota - rng.randint(1, 4)
    p = _wrong(filled, quota, 2, rng) if w.on("fraction_wrong") else _pct(filled, quota, 2)
    w.add("- Biên chế được giao: ")
    w.num(quota)
    w.add(" cán bộ, công chức; số chức danh được bố trí đạt ")
    a, _ = w.add(p + "%")
    w.add(" (")
    _, e = w.add(f"{filled}/{quota}")
    w.add(").")
    w.para()
    if w.on("fraction_wrong"):
        w.plant("fraction_wrong", a, e)


def _survey(w: _Writer):
    rng = w.rng
    w.heading("1.1", "Khảo sát mức độ hài lòng", 3)
    bump = rng.randint(1, 5) if w.on("survey_sum") else 0   # the answers no longer add up to the surveyed count
    while True:
        answers = _split(rng.randint(40, 120), 3, rng)
        n = sum(answers)
        shown = answers[:2] + [answers[2] + bump]
        if not w.on("pct_truncated") or any(_truncated(v, n, 2) for v in shown):
            break   # the truncation plant needs a share where cutting and rounding differ
    done = n + rng.randint(1, 10)
    w.add("Số hồ sơ đã hoàn thành là ")
    w.num(done)
    w.add(". Số hồ sơ được lấy phiếu khảo sát: ")
    w.num(n)
    w.add(" hồ sơ/")
    w.num(done)
    w.add(f" hồ sơ, đạt {_pct(n, done, 2)} % (lấy phiếu trực tiếp), cụ thể:")
    w.para()
    w.add("1.Nơi đón tiếp:")
    w.para()
    labels = ["Rất hài lòng", "Hài lòng", "Không hài lòng"]
    trunc_at = next(i for i, v in enumerate(shown) if _truncated(v, n, 2)) if w.on("pct_truncated") else None
    wrong_at = next(i for i in range(3) if i != trunc_at) if w.on("pct_wrong") else None
    first = None
    for i, (label, v) in enumerate(zip(labels, shown)):
        s, _ = w.add(f"+{label}: ")
        first = s if first is None else first
        a, _ = w.num(v)
        if v:
            if i == trunc_at:
                p = _truncated(v, n, 2)
            elif i == wrong_at:
                p = _wrong(v, n, 2, rng)
            else:
                p = _pct(v, n, 2)
            w.add(", đạt ")
            _, e = w.add(p + "%")
            if i == trunc_at:
                w.plant("pct_truncated", a, e)
            if i == wrong_at:
                w.plant("pct_wrong", a, e)
        w.add(".")
        w.para()
    if w.on("survey_sum"):
        w.plant("survey_sum", first, w.pos)


def _tables(w: _Writer, ministry_units: int):
    rng = w.rng
    w.add("Phụ lục 2\n\nTHỐNG KÊ SỐ LƯỢNG CƠ QUAN, ĐƠN VỊ THEO CÁC TIÊU CHÍ THỰC HIỆN CCHC\n\n")
    w.add("STT\tTiêu chí\tTổng số\tChia ra theo cấp hành chính\t\t\tGhi chú\n")
    w.add("\t\t\tCấp tỉnh\tCấp huyện\tCấp xã\t\n")
    t1 = [rng.randint(1, 9), rng.randint(1, 9), rng.randint(1, 30)]
    tot1 = sum(t1) + (rng.randint(2, 9) if w.on("table_row_full") else 0)
    s, _ = w.add(f"1\tSố cơ quan được kiểm tra về CCHC\t{render_int(tot1, 2)}\t"
                 + "\t".join(render_int(v, 2) for v in t1) + "\t")
    if w.on("table_row_full"):
        w.plant("table_row_full", s, w.pos)
    w.add("\n")
    t2 = [rng.randint(1, 9), rng.randint(1, 30)]
    tot2 = sum(t2) + (rng.randint(2, 9) if w.on("table_row_empty") else 0)
    s, _ = w.add(f"2\tSố cơ quan công khai đầy đủ bộ TTHC tại bộ phận tiếp nhận và trả kết quả\t{render_int(tot2, 2)}"
                 f"\t\t{render_int(t2[0], 2)}\t{render_int(t2[1], 2)}\t")
    if w.on("table_row_empty"):
        w.plant("table_row_empty", s, w.pos)
    w.add("\n")
    shown = ministry_units + (rng.randint(2, 9) if w.on("crossref") else 0)
    s, _ = w.add(f"3\tSố đơn vị sự nghiệp cấp tỉnh, cấp huyện thực hiện cơ chế tự chủ theo ND43\t{shown}\t\t{shown}\t")
    if w.on("crossref"):
        w.plant("crossref", s, w.pos)
    w.add("\n\nPhụ lục 4\n\nSỐ LƯỢNG THỦ TỤC HÀNH CHÍNH\n\n")
    w.add("STT\tNhiệm vụ/Tiêu chí\tTổng số\tChia ra theo cấp hành chính\t\t\t"
          "Tỷ lệ % (So với tổng số TTHC trong bộ TTHC)\tGhi chú\n")
    w.add("\t\t\tCấp tỉnh\tCấp huyện\tCấp xã\t\t\n")
    base = [rng.randint(1000, 2500), rng.randint(200, 400), rng.randint(100, 200)]
    w.add(f"1.\tSố TTHC trong bộ thủ tục hành chính\t{render_int(sum(base))}\t"
          + "\t".join(render_int(v) for v in base) + "\t\t\n")
    one = [v - rng.randint(0, v // 3) for v in base]
    p = _wrong(sum(one), sum(base), 0, rng) if w.on("table_pct") else _pct(sum(one), sum(base), 0)
    s, _ = w.add(f"2.\tSố TTHC được giải quyết theo cơ chế một cửa\t{render_int(sum(one))}\t"
                 + "\t".join(render_int(v) for v in one) + f"\t{p}%\t")
    if w.on("table_pct"):
        w.plant("table_pct", s, w.pos)
    w.add("\n\nPhụ Lục\nCÁC SỞ, NGÀNH VÀ ĐỊA PHƯƠNG THỰC HIỆN BÁO CÁO\n\n")
    w.add("STT\tTÊN CƠ QUAN, ĐỊA PHƯƠNG\tCÓ BÁO CÁO\tKHÔNG CÓ BÁO CÁO\tGhi chú\n")
    units = ["Sở Nội vụ", "Sở Tư pháp", "Sở Y tế", "Sở Tài chính", "Sở Xây dựng", "Thanh tra tỉnh", "Ban Dân tộc"]
    yes = no = 0
    for i, u in enumerate(units, 1):
        if rng.random() < 0.75:
            yes += 1
            w.add(f"{i}\t{u}\tX\t\t\n")
        else:
            no += 1
            w.add(f"{i}\t{u}\t\tX\t\n")
    shown_yes = yes + (1 if w.on("table_column") else 0)
    s, _ = w.add(f"\tTổng số\t{render_int(shown_yes, 2)}\t{render_int(no, 2)}\t")
    if w.on("table_column"):
        w.plant("table_column", s, w.pos)
    w.add("\n")


def make_report(seed: int, plants=()) -> Report:
    plants = set(plants)
    unknown = plants - set(PLANTS)
    if unknown:
        raise ValueError(f"unknown plants: {sorted(unknown)}")
    rng = random.Random(seed)
    w = _Writer(rng, plants)
    w.add("UBND THÀNH PHỐ BẮC GIANG\n\nSố: 417 /BC-UBND\n\nTP. Bắc Giang, ngày 18 tháng 10 năm 2018\n\nBÁO CÁO\n\n"
          "Kết quả công tác cải cách hành chính tháng 10 năm 2018\n\nThực hiện chế độ thông tin, báo cáo theo quy "
          "định, Chủ tịch UBND thành phố báo cáo kết quả công tác cải cách hành chính tháng 10 năm 2018, như sau:\n\n")
    w.heading("I", "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CCHC", 1)
    w.heading("1", "Về chỉ đạo, điều hành", 2)
    conflict = w.on("citation_date")
    w.add("- Ban hành ")
    w.cite("Kế hoạch số 35/KH-UBND ngày 15/3/2018", "35/KH-UBND", "2018-03-15",
           "date_conflict" if conflict else None)
    w.add(" về kiểm tra công tác cải cách hành chính năm 2018.")
    w.para()
    w.add("- Triển khai ")
    w.cite("Kế hoạch số 236/KH-UBND ngày 20/01/2020", "236/KH-UBND", "2020-01-20")
    w.add(" tổng kết thực hiện Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2011-2020; "
          "các cơ quan tổ chức thực hiện.")
    w.para()
    w.heading("II", "KẾT QUẢ THỰC HIỆN CÔNG TÁC CCHC", 1)
    w.heading("1", "Cải cách thủ tục hành chính", 2)
    _dossier_city(w)
    _dossier_ward(w)
    _dossier_province(w)
    _dossier_centre(w)
    _dossier_national(w)
    _survey(w)
    w.heading("2", "Cải cách tổ chức bộ máy", 2)
    _breakdowns(w)
    units = rng.randint(12, 40)
    w.add("Về việc thực hiện giao quyền tự chủ cho các đơn vị sự nghiệp theo Nghị định 43 của Chính phủ, đến nay "
          "thị xã giao ")
    w.num(units)
    w.add(" đơn vị sự nghiệp công lập.")
    w.para()
    w.heading("3", "Hiện đại hoá nền hành chính", 2)
    _modernisation(w)
    roman = "II" if w.on("duplicate_section") else "III"
    w.heading(roman, "PHƯƠNG HƯỚNG, NHIỆM VỤ CÔNG TÁC CCHC TRONG THỜI GIAN TỚI", 1)
    if w.on("duplicate_section"):
        sec = w.sections[-1]
        w.plant("duplicate_section", sec["char_start"], sec["char_end"])
    w.add("1. Tiếp tục thực hiện ")
    s, e = w.cite("Kế hoạch số 35/KH-UBND ngày " + ("25/3/2018" if conflict else "15/3/2018"), "35/KH-UBND",
                  "2018-03-25" if conflict else "2018-03-15", "date_conflict" if conflict else None)
    if conflict:
        w.plant("citation_date", s, e)
    w.add(" trong các tháng cuối năm.")
    w.para()
    w.add("2. Hoàn thành ")
    s, e = w.cite("Kế hoạch số 236/KH-UBND ngày 20/01/2020", "236/KH-UBND", "2020-01-20")
    period = "2016-2020" if w.on("citation_description") else "2011-2020"
    w.add(f" của Chủ tịch UBND tỉnh tổng kết Chương trình tổng thể cải cách hành chính nhà nước giai đoạn {period}.")
    if w.on("citation_description"):
        w.plant("citation_description", s, e)
    w.para()
    _tables(w, units)
    return Report("".join(w.parts), w.sections, w.citations, w.planted)


def run_checks(report: Report, doc_id: str = "0" * 64):
    """The figures, percentages and findings our stages give for a generated report (sections and
    citations taken from the generator, as the segmenter and citation extractor would give them)."""
    from extractors import dossiers, percentages
    from pipeline.checks import check
    from pipeline.model import Doc, Page

    doc = Doc(doc_id=doc_id, source_path="generated.txt", source_format="txt", text=report.text,
              pages=[Page(1, 0, len(report.text))])
    doc.sections = [dict(s, body_end=len(report.text)) for s in report.sections]
    rows = {"citations": [dict(c, doc_id=doc_id) for c in report.citations]}
    rows.update(dossiers.extract(doc, rows))
    rows.update(percentages.extract(doc, rows))
    rows.update(check(doc, rows))
    return rows
