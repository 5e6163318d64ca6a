"""Read a document's header: its own number, place and date, type heading, title and kind.

Textual forms handled:
  Number   "Số: 417 /BC-UBND" (spaces removed: '417/BC-UBND'), "Số:188/2026/NĐ-CP",
           "Số:  372 /QĐ-BTC", "Số: 66.19/2026/NQ-CP", "Luật số: 69/2020/QH14",
           "Nghị quyết số: 17/2022/UBTVQH15", "Số 36-HD/VPTW" (no colon, at a line start),
           "Số: 01/2022/TTLT-VKSNDTC-" + "TANDTC-BCA-BQP-BLĐTBXH" (symbol wrapped after a hyphen),
           "| Số: 49/2012/QĐ-UBND | Thành phố Hồ Chí Minh, ngày ..." (markdown table header);
           read before the first heading and the "Căn cứ" preamble. Not the gazette running head
           "CÔNG BÁO/Số 327/Ngày ..." nor a blank template "Số: …/…".
           A consolidated text (VBHN) carries its number in the certification block at its end:
           "Số: 49/VBHN-BCT" next to "XÁC THỰC VĂN BẢN HỢP NHẤT"; a header block that the PDF
           text layer moved below the first articles is found next to the national motto
           "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM".
           With no number in the header, the appendix headers "(Kèm theo Báo cáo số: 10/BC-UBND
           ngày 17 tháng 02 năm 2017 của ...)" give it, and the date most of them give.
  Place and date  "TP. Bắc Giang, ngày 18 tháng 10 năm 2018", "Hà Nội, ngày 28 tháng 5 năm 2026",
           "..., ngày 18/10/2018"; a web page's "Ngày cập nhật 06/03/2023" gives the date only.
  Type heading  a capitals line "BÁO CÁO", "NGHỊ ĐỊNH", "QUYẾT ĐỊNH", "LUẬT" ... (see
           regexes.TYPE_HEADINGS) — it decides the kind; "LUẬT NGƯỜI LAO ĐỘNG ..." on one line too.
  Title    the lines under the type heading up to a blank or rule line ("Kết quả công tác cải
           cách hành chính tháng 10 năm 2018"; a title wrapped over several lines is joined);
           without a type heading, the first line of the text (a web post's headline).
  Kind     report (BÁO CÁO, or appendices "Kèm theo Báo cáo"), legal_document (NGHỊ ĐỊNH,
           QUYẾT ĐỊNH, LUẬT ..., or a text made of Điều), web_page (portal furniture and a
           numbered body), news_article (portal furniture or byline around prose), other.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter

import regex

from pipeline.segment import regexes as rx
from pipeline.segment.lines import Line, strip_markup

_CELL_SEP = regex.compile(r"\||[-_=]{3,}|\t|[ ]{2,}")


def _date(y, m, d) -> dt.date | None:
    try:
        return dt.date(int(y), int(m), int(d))
    except (TypeError, ValueError):
        return None


def _line_start_before(text: str, pos: int) -> int:
    k = text.rfind("\n", 0, pos)
    return k + 1


def _at_line_start(text: str, pos: int) -> bool:
    before = text[_line_start_before(text, pos):pos]
    return before.strip(" \t*_|#") == ""


def _symbol_ok(ref: str) -> bool:
    k = ref.find("/") if "/" in ref else ref.find("-")
    sym = ref[k + 1:]
    return any(ch.isalpha() for ch in sym)


def find_doc_number(text: str, zone_end: int) -> tuple[str, tuple[int, int], tuple[int, int]] | None:
    """(number, span of 'Số: 417 /BC-UBND', span of '417 /BC-UBND') of the header number."""
    def scan(lo: int, hi: int):
        for m in rx.DOC_NUMBER.finditer(text, lo, min(hi, len(text))):
            if not (m.group("colon") or _at_line_start(text, m.start())):
                continue
            ref = m.group("ref")
            if not _symbol_ok(ref):
                continue
            return "".join(ref.split()), (m.start(), m.end("ref")), (m.start("ref"), m.end("ref"))
        return None

    found = scan(0, zone_end)
    if found:
        return found
    # a header block the text layer put elsewhere (after the first articles), or the
    # certification block of a consolidated text: the number sits next to the national motto
    # or to "XÁC THỰC VĂN BẢN HỢP NHẤT"
    anchors = [m.start() for m in rx.NATIONAL_MOTTO.finditer(text, 0, min(len(text), 200_000))][:3]
    anchors += [m.start() for m in rx.VBHN_CERTIFICATE.finditer(text)][:3]
    for a in sorted(anchors):
        found = scan(max(0, a - 300), a + 300)
        if found:
            return found
    return None


def find_place_date(text: str, lo: int, hi: int) -> tuple[str | None, dt.date | None]:
    for m in rx.PLACE_DATE.finditer(text, lo, min(hi, len(text))):
        d = _date(m["y"] or m["y2"], m["m"] or m["m2"], m["d"] or m["d2"])
        if d is None:
            continue
        before = text[_line_start_before(text, m.start()):m.start()]
        chunk = regex.split(r"\||[-_=]{3,}|\t|[ ]{2,}", before)[-1]
        place = " ".join(strip_markup(chunk).split()) or None
        if place and (not place[0].isupper() or len(place.split()) > 6 or any(ch.isdigit() for ch in place)):
            place = None
        return place, d
    return None, None


def find_type_heading(lines: list[Line], zone_end: int, skip: set[int]) -> tuple[int, str, str | None] | None:
    """(line index, type as written in capitals, rest of the line) of the type heading."""
    for ln in lines:
        if ln.start >= zone_end:
            break
        if ln.blank or ln.index in skip or len(ln.text) > 200:
            continue
        t = strip_markup(ln.text)
        m = rx.TYPE_HEADING_LINE.fullmatch(t)
        if m and not t.endswith(":"):
            return ln.index, m.group("type"), m.group("rest")
    return None


def _stops_title(t: str) -> bool:
    return bool(rx.MOTTO.match(t) or rx.RULE_LINE.fullmatch(t) or rx.PREAMBLE_START.match(t)
                or rx.PLACE_DATE.search(t) or rx.HEADER_NUMBER_LINE.match(t))


def _mostly_upper(s: str) -> bool:
    letters = [ch for ch in s if ch.isalpha()]
    return bool(letters) and sum(ch.isupper() for ch in letters) >= 0.85 * len(letters)


def read_title(lines: list[Line], heading: tuple[int, str, str | None] | None, skip: set[int],
               first_content: int | None) -> str | None:
    parts: list[str] = []
    if heading is not None:
        i, _, rest = heading
        if rest:
            parts.append(rest)
        upper = None if not rest else True
        for ln in lines[i + 1:i + 12]:
            if ln.blank:
                if parts:
                    break
                continue
            if ln.index in skip:
                continue
            t = strip_markup(ln.text)
            if _stops_title(t) or len(t) > 300:
                break
            is_upper = _mostly_upper(t)
            if upper is None:
                upper = is_upper
            elif is_upper != upper:
                break  # a capitals issuer line under a sentence-case title
            parts.append(t)
            if len(parts) == 5:
                break
    elif first_content is not None:
        t = strip_markup(lines[first_content].text)
        if t and len(t) <= 250 and not _stops_title(t) and not t.endswith((".", ":", ";")):
            parts.append(t)
    title = " ".join(" ".join(parts).split())
    return title or None


def read_annex_refs(text: str, appendices: list[dict]) -> list[dict]:
    """Every "(Kèm theo <Type> số: N/SYM ngày ... của BODY)" in the appendices."""
    out = []
    for a in appendices:
        lo, hi = a["char_start"], min(a["char_end"], a["char_start"] + 2000)
        for m in rx.ANNEX_OF.finditer(text, lo, hi):
            if not _symbol_ok(m.group("ref")):
                continue
            d = _date(m["y"] or m["y2"], m["m"] or m["m2"], m["d"] or m["d2"]) if (m["y"] or m["y2"]) else None
            date_end = max(m.end(g) for g in ("y", "y2")) if d else m.end("ref")
            out.append({"type": " ".join(m.group("type").split()), "ref": "".join(m.group("ref").split()),
                        "date": d, "body": m.group("body"), "span": (m.start("type"), date_end),
                        "ref_span": (m.start("type"), m.end("ref"))})
    return out


def read_header(text: str, lines: list[Line], *, skip: set[int], zone_end: int,
                appendices: list[dict]) -> dict:
    """Header fields; see the module docstring. Offsets are into `text`."""
    meta: dict = {}
    heading = find_type_heading(lines, zone_end, skip)
    meta["type_heading"] = heading[1] if heading else None
    number = find_doc_number(text, zone_end)
    annex = read_annex_refs(text, appendices)
    heading_type = heading[1].lower() if heading else None
    own_annex = [a for a in annex if heading_type is None or a["type"].lower() == heading_type]
    meta["self_mentions"] = [a["span"] for a in own_annex]
    meta["annex_bodies"] = [a["body"] for a in own_annex if a["body"]]
    place, issue = None, None
    if number:
        meta["doc_number"], meta["doc_number_span"], meta["doc_number_ref_span"] = number
        span = meta["doc_number_span"]
        if span[0] >= zone_end:  # number read outside the header: its date sits next to it
            place, issue = find_place_date(text, max(0, span[0] - 400), span[1] + 400)
    else:
        meta["doc_number"], meta["doc_number_span"], meta["doc_number_ref_span"] = None, None, None
        if own_annex:
            ref = Counter(a["ref"] for a in own_annex).most_common(1)[0][0]
            meta["doc_number"] = ref
            first = next(a for a in own_annex if a["ref"] == ref)
            meta["doc_number_span"] = first["ref_span"]
    if issue is None:
        place, issue = find_place_date(text, 0, zone_end)
    if issue is None:
        m = rx.UPDATED_DATE.search(text, 0, min(len(text), max(zone_end, 3000)))
        if m:
            issue = _date(m["y"], m["m"], m["d"])
    if issue is None and own_annex:
        dates = Counter(a["date"] for a in own_annex if a["date"])
        if dates:
            issue = max(dates.items(), key=lambda kv: (kv[1], kv[0]))[0]
    meta["place"], meta["issue_date"] = place, issue
    first_content = next((ln.index for ln in lines if not ln.blank and ln.index not in skip), None)
    meta["title"] = read_title(lines, heading, skip, first_content)
    meta["_heading_line"] = heading[0] if heading else None
    meta["_annex_types"] = [a["type"].lower() for a in annex]
    return meta


def decide_kind(meta: dict, *, n_sections: int, n_articles: int, web: bool) -> str:
    t = meta.get("type_heading")
    if t:
        return rx.TYPE_HEADINGS.get(t, "other")
    if "báo cáo" in meta.get("_annex_types", []):
        return "report"
    if n_articles >= 2:
        return "legal_document"
    if web:
        return "web_page" if n_sections >= 3 else "news_article"
    return "other"
