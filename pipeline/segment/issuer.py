"""Name the issuing body, its administrative level and its province.

Textual forms handled, in the order they are trusted:
  1. The issuer lines above the number in the header, in capitals: "ỦY BAN NHÂN DÂN" /
     "THÀNH PHỐ BẮC GIANG" -> 'UBND thành phố Bắc Giang'; "UBND TỈNH BẮC GIANG" / "SỞ NỘI VỤ" ->
     'Sở Nội vụ tỉnh Bắc Giang'; "CHÍNH PHỦ", "BỘ CÔNG THƯƠNG" (central bodies: no province, no
     level); a markdown table cell "| ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH -------- |".
  2. The appendix headers "(Kèm theo Báo cáo số ... của UBND thị xã Bim Sơn)".
  3. The reporting sentence: "Chủ tịch UBND thành phố báo cáo ...", "Sở Nội vụ báo cáo ...".
  4. (reports and web pages) the unit most often named as "UBND phường", "UBND thành phố".
A unit named without its proper name ('UBND thành phố') takes it from the place line
("TP. Bắc Giang"), from the text ("phường Phường Đúc") or, for a province, from the province.
Spelling: of the ways the text writes a name that differ only in diacritics ("Bim Sơn" x17,
"Bỉm Sơn" x1) the one with most diacritics is kept, since conversions drop marks and do not add
them. Provinces get their official spelling ("Thanh Hoá" -> 'Thanh Hóa').
Level: UBND/HĐND/Sở of a tỉnh (or of one of the five centrally-run cities) -> province;
thành phố / thị xã / huyện / quận, Phòng -> district; phường / xã / thị trấn -> commune.
"""
from __future__ import annotations

import functools
from collections import Counter

import regex

from extractors.regex_at import finditer_from
from pipeline.segment import places
from pipeline.segment import regexes as rx
from pipeline.segment.lines import Line

_V = regex.VERSION1
_CENTRAL = ("chính phủ", "thủ tướng", "quốc hội", "ủy ban thường vụ quốc hội", "uỷ ban thường vụ quốc hội",
            "bộ ", "văn phòng chính phủ", "văn phòng quốc hội", "tòa án nhân dân tối cao",
            "viện kiểm sát nhân dân tối cao", "kiểm toán nhà nước", "ngân hàng nhà nước",
            "ban chấp hành trung ương", "bộ chính trị", "chủ tịch nước", "ban bí thư", "hội đồng dân tộc")
_UNIT_CAPS = {"TỈNH": "tỉnh", "THÀNH PHỐ": "thành phố", "HUYỆN": "huyện", "QUẬN": "quận",
              "THỊ XÃ": "thị xã", "PHƯỜNG": "phường", "XÃ": "xã", "THỊ TRẤN": "thị trấn"}
_ACRONYMS = {"UBND", "HĐND", "MTTQ", "CP", "TW", "BCH", "TTHC", "CNTT", "VKSND", "TAND", "KCN", "TB&XH"}
_UBND_FULL = regex.compile(r"(?:ỦY|UỶ|Ủy|Uỷ)[ \t]+(?:BAN|ban|Ban)[ \t]+(?:NHÂN|nhân|Nhân)[ \t]+(?:DÂN|dân|Dân)", _V)
_HDND_FULL = regex.compile(r"(?:HỘI|Hội)[ \t]+(?:ĐỒNG|đồng|Đồng)[ \t]+(?:NHÂN|nhân|Nhân)[ \t]+(?:DÂN|dân|Dân)", _V)
_DASHES = regex.compile(r"[-_=–]{3,}", _V)
_DOMAIN = regex.compile(r"(?<![\w.])(?:[a-z0-9-]+\.)*(?P<host>[a-z0-9-]+)\.gov\.vn", _V)
_LETTER_RUN = regex.compile(r"\p{L}+")
_UNIT_THEN_NAME = regex.compile(rf"(?P<unit>{rx.UNIT_WORDS})[ \t]+(?P<name>.+)$")
_PLACE_UNIT = regex.compile(r"(?P<u>TP\.|Tp\.|TX\.|Q\.|Thành phố|thành phố|Thị xã|thị xã|Huyện|huyện|Quận|quận)[ \t]*(?P<n>.+)")
_COUNCIL_UNIT = regex.compile(rf"(?:ubnd|hđnd)[ \t]+(?P<unit>{rx.UNIT_WORDS})(?:[ \t]+(?P<name>.+))?")
_UNIT_THEN_CAPITAL = regex.compile(rf"(?:{rx.UNIT_WORDS})[ \t]+(?P<name>\p{{Lu}}.*)$")
_PROVINCE_NAME = regex.compile(r"(?:tỉnh|thành phố)[ \t]+(?P<name>\p{Lu}.*)$")
_PROVINCE_CAPITAL = regex.compile(r"(?:tỉnh|thành phố)[ \t]+\p{Lu}")


def _mostly_upper(s: str) -> bool:
    letters = [ch for ch in s if ch.isalpha()]
    return bool(letters) and sum(ch.isupper() for ch in letters) >= 0.85 * len(letters)


# central bodies in their official spelling (capitals lines are otherwise title-cased per word)
_OFFICIAL = {
    "CHÍNH PHỦ": "Chính phủ", "THỦ TƯỚNG CHÍNH PHỦ": "Thủ tướng Chính phủ", "QUỐC HỘI": "Quốc hội",
    "ỦY BAN THƯỜNG VỤ QUỐC HỘI": "Ủy ban Thường vụ Quốc hội", "UỶ BAN THƯỜNG VỤ QUỐC HỘI": "Ủy ban Thường vụ Quốc hội",
    "VĂN PHÒNG CHÍNH PHỦ": "Văn phòng Chính phủ", "CHỦ TỊCH NƯỚC": "Chủ tịch nước",
    "BỘ TÀI CHÍNH": "Bộ Tài chính", "BỘ CÔNG THƯƠNG": "Bộ Công Thương", "BỘ NỘI VỤ": "Bộ Nội vụ",
    "BỘ TƯ PHÁP": "Bộ Tư pháp", "BỘ KẾ HOẠCH VÀ ĐẦU TƯ": "Bộ Kế hoạch và Đầu tư",
    "BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI": "Bộ Lao động - Thương binh và Xã hội",
    "BỘ Y TẾ": "Bộ Y tế", "BỘ GIÁO DỤC VÀ ĐÀO TẠO": "Bộ Giáo dục và Đào tạo", "BỘ XÂY DỰNG": "Bộ Xây dựng",
    "BỘ GIAO THÔNG VẬN TẢI": "Bộ Giao thông vận tải", "BỘ NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN":
    "Bộ Nông nghiệp và Phát triển nông thôn", "BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG": "Bộ Nông nghiệp và Môi trường",
    "BỘ TÀI NGUYÊN VÀ MÔI TRƯỜNG": "Bộ Tài nguyên và Môi trường", "BỘ KHOA HỌC VÀ CÔNG NGHỆ":
    "Bộ Khoa học và Công nghệ", "BỘ THÔNG TIN VÀ TRUYỀN THÔNG": "Bộ Thông tin và Truyền thông",
    "BỘ VĂN HÓA, THỂ THAO VÀ DU LỊCH": "Bộ Văn hóa, Thể thao và Du lịch", "BỘ CÔNG AN": "Bộ Công an",
    "BỘ QUỐC PHÒNG": "Bộ Quốc phòng", "BỘ NGOẠI GIAO": "Bộ Ngoại giao", "BỘ DÂN TỘC VÀ TÔN GIÁO":
    "Bộ Dân tộc và Tôn giáo", "NGÂN HÀNG NHÀ NƯỚC VIỆT NAM": "Ngân hàng Nhà nước Việt Nam",
    "TÒA ÁN NHÂN DÂN TỐI CAO": "Tòa án nhân dân tối cao", "VIỆN KIỂM SÁT NHÂN DÂN TỐI CAO":
    "Viện kiểm sát nhân dân tối cao", "KIỂM TOÁN NHÀ NƯỚC": "Kiểm toán nhà nước",
}
# a unit word in capitals that starts the name of a locality ("THÀNH PHỐ BẮC GIANG"), not
# the word inside a name ("XÃ HỘI")
_UNIT_AT = regex.compile(r"(?:(?<=^|UBND |HĐND |, )(?P<u>THÀNH PHỐ|THỊ XÃ|THỊ TRẤN|HUYỆN|QUẬN|PHƯỜNG|XÃ)"
                         r"|(?P<t>TỈNH))(?![\p{L}])(?! HỘI)", _V)


def canonical_body(s: str) -> str:
    """'ỦY BAN NHÂN DÂN THÀNH PHỐ BẮC GIANG' -> 'UBND thành phố Bắc Giang'; 'CHÍNH PHỦ' ->
    'Chính phủ'; text already in mixed case is kept as written."""
    s = " ".join(s.replace("–", "-").split())
    if s.upper() in _OFFICIAL:
        return _OFFICIAL[s.upper()]
    s = _UBND_FULL.sub("UBND", s)
    s = _HDND_FULL.sub("HĐND", s)
    if not _mostly_upper(s):
        return s
    s = _UNIT_AT.sub(lambda m: _UNIT_CAPS[m.group(0)], s)
    words = []
    for w in s.split(" "):
        if w in _ACRONYMS or not w.isupper() or len(w) == 1:
            words.append(w)
        else:
            words.append(w[0] + w[1:].lower())
    return " ".join(words)


def is_central(body: str | None) -> bool:
    return bool(body) and body.lower().startswith(_CENTRAL)  # type: ignore[union-attr]


def header_issuer(lines: list[Line], first: int, upto: int, skip: set[int]) -> str | None:
    """The issuer written above the number (lines first..upto-1)."""
    found: list[str] = []
    for ln in lines[first:upto]:
        if ln.blank or ln.index in skip:
            continue
        t = _DASHES.sub(" ", ln.text.replace("**", ""))
        if "|" in t:
            t = next((c for c in t.split("|") if c.strip()), "")
        t = " ".join(t.split())
        if not t or rx.MOTTO.match(t) or len(t) > 90 or not _mostly_upper(t) or t[:1].isdigit():
            continue
        if rx.TYPE_HEADING_LINE.fullmatch(t) or t.startswith(("SỐ", "Số")):
            continue
        if found and (t.startswith(("VÀ ", "- ", "& ")) or found[-1].endswith((" VÀ", " -", ","))):
            found[-1] = f"{found[-1]} {t}"  # a name wrapped over two lines
            continue
        if t not in found:
            found.append(t)
    if not found:
        return None
    tail = found[-2:]
    if len(tail) == 2:
        first_line, second = tail
        # "ỦY BAN NHÂN DÂN" + "THÀNH PHỐ BẮC GIANG": one body written on two lines
        if canonical_body(first_line) in ("UBND", "HĐND") or first_line.endswith(("NHÂN DÂN", "ỦY BAN")):
            return canonical_body(first_line + " " + second)
        # "UBND TỈNH BẮC GIANG" + "SỞ NỘI VỤ": an agency of that locality
        parent = canonical_body(first_line)
        m = _UNIT_THEN_NAME.search(parent)
        if parent.startswith(("UBND", "HĐND")) and m and not is_central(canonical_body(second)):
            return f"{canonical_body(second)} {m.group('unit')} {m.group('name')}"
        return canonical_body(second)
    return canonical_body(tail[0])


@functools.lru_cache(maxsize=256)
def _spelling_pattern(folded_word: str) -> regex.Pattern | None:
    """A whole letter run whose letters fold (places.fold) one by one to `folded_word`'s, or None
    when a letter of it is not a lower-case ASCII letter."""
    if not folded_word or not all("a" <= c <= "z" for c in folded_word):
        return None
    classes = []
    for c in folded_word:
        chars = [c] + [chr(cp) for cp, to in places._ASCII.items() if to == c]
        classes.append("[" + "".join(regex.escape(x) for x in chars) + "]")
    return regex.compile(r"(?<!\p{L})" + "".join(classes) + r"(?!\p{L})")


def _best_spelling(text: str, name: str) -> str:
    """The spelling of `name` in `text` with most diacritics among those equal without them."""
    words = name.split()
    if not words:
        return name
    key = places.fold(name)
    first_key = places.fold(words[0])
    variants: Counter = Counter()
    n = len(words)
    n0 = len(words[0])
    first = _spelling_pattern(first_key) if len(first_key) == n0 else None
    if first is not None:
        # the letter runs that fold to the first word, found by a regex of the letters that fold
        # to each of its letters (tokenizing the whole text into letter runs is a slow scan)
        for m in first.finditer(text):
            cand = " ".join(t.group(0) for _, t in zip(range(n), _LETTER_RUN.finditer(text, m.start())))
            if places.fold(cand) == key:
                variants[cand] += 1
    else:
        toks = _LETTER_RUN.findall(text)
        for i, tok in enumerate(toks):
            if len(tok) != n0 or places.fold(tok) != first_key:
                continue
            cand = " ".join(toks[i:i + n])
            if places.fold(cand) == key:
                variants[cand] += 1
    if not variants:
        return name
    best = max(variants, key=lambda v: (places.diacritic_count(v), v[:1].isupper(), variants[v]))
    return best if places.diacritic_count(best) > places.diacritic_count(name) else name


def _named_unit(text: str, unit: str) -> str | None:
    """The proper name most often written after `unit` ('phường Phường Đúc' -> 'Phường Đúc')."""
    counts: Counter = Counter()
    for m in finditer_from(rx.UNIT_NAMED, text, rx.UNIT_NAMED_OPENINGS):
        u = {"TP.": "thành phố", "Tp.": "thành phố", "TX.": "thị xã"}.get(m.group("unit"), m.group("unit").lower())
        if u == unit:
            counts[m.group("name")] += 1
    return counts.most_common(1)[0][0] if counts else None


def _unit_of_place(place: str | None) -> tuple[str | None, str | None]:
    if not place:
        return None, None
    m = _PLACE_UNIT.match(place)
    if not m:
        return None, place
    u = {"tp.": "thành phố", "tx.": "thị xã", "q.": "quận"}.get(m.group("u").lower(), m.group("u").lower())
    return u, m.group("n").strip()


def level_of(body: str | None) -> str | None:
    if not body or is_central(body):
        return None
    low = body.lower()
    m = _COUNCIL_UNIT.search(low)
    if m:
        unit = m.group("unit")
        if unit == "tỉnh":
            return "province"
        if unit == "thành phố":
            return "province" if m.group("name") and places.is_central_city(m.group("name")) else "district"
        return "commune" if unit in ("phường", "xã", "thị trấn") else "district"
    if low.startswith(("sở ", "ban ", "văn phòng ubnd tỉnh", "thanh tra tỉnh", "tỉnh ủy", "tỉnh uỷ")) or " tỉnh " in f" {low} ":
        return "province"
    if low.startswith(("phòng ", "thành ủy", "huyện ủy", "thị ủy")):
        return "district"
    return None


def read_issuer(text: str, lines: list[Line], *, header_from: int, header_upto: int, skip: set[int], place: str | None,
                annex_bodies: list[str], kind: str | None, body_text: str) -> dict:
    """{'issuing_body', 'admin_level', 'province'} (see the module docstring)."""
    body = header_issuer(lines, header_from, header_upto, skip) if header_upto > header_from else None
    unit_hint = None
    if body is None and annex_bodies:
        body = Counter(" ".join(b.split()).rstrip(" )") for b in annex_bodies).most_common(1)[0][0]
        body = canonical_body(body)
    if body is None and kind != "news_article":
        m = _first(finditer_from(rx.UBND_REPORTS, body_text, rx.UBND_REPORTS_OPENINGS))
        if m:
            unit_hint = (m.group("unit"), m.group("name"))
        else:
            m = _first(finditer_from(rx.AGENCY_REPORTS, body_text, rx.AGENCY_REPORTS_OPENINGS))
            if m:
                body = " ".join(m.group("agency").split())
    # the units the text's "UBND ..." name: read only without a body (a body found here is never unset)
    mentions = Counter(m.group("unit") for m in finditer_from(rx.UBND_UNIT, body_text, rx.UBND_SPELLINGS)) \
        if body is None else Counter()
    if body is None and unit_hint is None and kind in ("report", "web_page", "other") and mentions:
        unit_hint = (mentions.most_common(1)[0][0], None)

    province = None
    central = is_central(body)
    if body is None and unit_hint is not None:
        unit, name = unit_hint
        if not name:
            p_unit, p_name = _unit_of_place(place)
            if p_unit == unit or (unit == "thành phố" and p_unit is None and p_name
                                  and places.province_named(p_name) and not places.is_central_city(p_name)):
                name = p_name
        if not name and unit != "tỉnh":
            name = _named_unit(body_text, unit)
        if unit == "tỉnh" and not name:
            name = _province_from_text(body_text)
        if name:
            body = f"UBND {unit} {name}"
    if body is not None and not central:
        m = _UNIT_THEN_CAPITAL.search(body)
        if m:
            fixed = _best_spelling(body_text, m.group("name"))
            body = body[:m.start("name")] + fixed
        # the province: named in the body ("UBND tỉnh Bắc Giang", "UBND thành phố Hà Nội")
        pm = _PROVINCE_NAME.search(body)
        if pm:
            province = places.province_named(pm.group("name"))
    if province is None and not central:
        p_unit, p_name = _unit_of_place(place)
        if p_name and (p_unit in (None, "thành phố")) and places.province_named(p_name) \
                and places.fold(places.province_named(p_name)) == places.fold(p_name):
            province = places.province_named(p_name)
        if province is None:
            province = _province_from_text(body_text)
        if province is None:
            for m in _DOMAIN.finditer(body_text):
                province = places.province_of_domain(m.group("host"))
                if province:
                    break
    if body is not None and not central and province and level_of(body) == "province" \
            and not _PROVINCE_CAPITAL.search(body):
        body = f"{body} tỉnh {province}"  # "Sở Nội vụ" of the province the text names
    level = level_of(body)
    if level is None and body is None and mentions:
        level = level_of(f"UBND {mentions.most_common(1)[0][0]}")
    if central:
        province, level = None, None
    if kind == "news_article":
        body = None
    return {"issuing_body": body, "admin_level": level, "province": province}


def _first(matches: list):
    return matches[0] if matches else None


def _province_from_text(text: str) -> str | None:
    counts: Counter = Counter()
    for m in finditer_from(rx.PROVINCE_MENTION, text, rx.PROVINCE_MENTION_OPENINGS):
        p = places.province_named(m.group("name"))
        if p:
            counts[p] += 1
    return counts.most_common(1)[0][0] if counts else None
