"""Province names in their official spelling, and the diacritic-insensitive key they are found by.

Forms handled: "Thanh Hoá" / "Thanh Hóa" / "THANH HÓA" (old and new tone placement, any case),
"Bà Rịa - Vũng Tàu" / "Bà Rịa–Vũng Tàu", "TP. Hồ Chí Minh" / "Thành phố Hồ Chí Minh",
and web domains such as "bacgiang.gov.vn".
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# the 63 provinces and centrally-run cities before the 2025 merger; the 34 units after it keep
# names from this list
PROVINCES = (
    "An Giang", "Bà Rịa - Vũng Tàu", "Bạc Liêu", "Bắc Giang", "Bắc Kạn", "Bắc Ninh", "Bến Tre",
    "Bình Dương", "Bình Định", "Bình Phước", "Bình Thuận", "Cà Mau", "Cao Bằng", "Cần Thơ",
    "Đà Nẵng", "Đắk Lắk", "Đắk Nông", "Điện Biên", "Đồng Nai", "Đồng Tháp", "Gia Lai", "Hà Giang",
    "Hà Nam", "Hà Nội", "Hà Tĩnh", "Hải Dương", "Hải Phòng", "Hậu Giang", "Hòa Bình", "Hồ Chí Minh",
    "Hưng Yên", "Khánh Hòa", "Kiên Giang", "Kon Tum", "Lai Châu", "Lạng Sơn", "Lào Cai", "Lâm Đồng",
    "Long An", "Nam Định", "Nghệ An", "Ninh Bình", "Ninh Thuận", "Phú Thọ", "Phú Yên", "Quảng Bình",
    "Quảng Nam", "Quảng Ngãi", "Quảng Ninh", "Quảng Trị", "Sóc Trăng", "Sơn La", "Tây Ninh",
    "Thái Bình", "Thái Nguyên", "Thanh Hóa", "Thừa Thiên Huế", "Tiền Giang", "Trà Vinh",
    "Tuyên Quang", "Vĩnh Long", "Vĩnh Phúc", "Yên Bái",
)
CENTRAL_CITIES = ("Hà Nội", "Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ")
ALIASES = {"bac kan": "Bắc Kạn", "dak lak": "Đắk Lắk", "dac lac": "Đắk Lắk", "dak nong": "Đắk Nông",
           "kontum": "Kon Tum", "tp ho chi minh": "Hồ Chí Minh", "sai gon": "Hồ Chí Minh",
           "ba ria vung tau": "Bà Rịa - Vũng Tàu", "hue": None}


def _ascii_table() -> dict[int, str]:
    """Every Latin letter with diacritics (Vietnamese and others) -> its lower-case base letter;
    any other character that is not an ASCII letter or digit -> a blank."""
    table: dict[int, str] = {}
    for cp in range(0x2100):  # Latin, combining marks, Vietnamese (U+1EA0-1EF9), punctuation
        ch = chr(cp)
        if "a" <= ch <= "z" or "0" <= ch <= "9":
            continue
        if "A" <= ch <= "Z":
            table[cp] = ch.lower()
            continue
        if ch in "Đđ":
            table[cp] = "d"
            continue
        base = unicodedata.normalize("NFD", ch)[:1].lower()
        table[cp] = base if ch.isalpha() and ("a" <= base <= "z") else " "
    return table


_ASCII = _ascii_table()
_NON_ASCII = re.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=65536)
def fold(s: str) -> str:
    """Lower-case ASCII letters and digits only (no diacritics, đ -> d), other characters as blanks."""
    return " ".join(_NON_ASCII.sub(" ", s.translate(_ASCII)).split())


_BY_KEY = {fold(p): p for p in PROVINCES}
_BY_KEY.update({k: v for k, v in ALIASES.items() if v})
_BY_DOMAIN = {fold(p).replace(" ", ""): p for p in PROVINCES}
_MAX_WORDS = max(len(k.split()) for k in _BY_KEY)


def province_named(words: str) -> str | None:
    """The province whose name starts `words` ('Bắc Giang²¹; phê duyệt' -> 'Bắc Giang'), else None."""
    toks = fold(words).split()
    for n in range(min(_MAX_WORDS, len(toks)), 0, -1):
        p = _BY_KEY.get(" ".join(toks[:n]))
        if p:
            return p
    return None


def province_of_domain(host: str) -> str | None:
    """'dichvucong.bacgiang.gov.vn' -> 'Bắc Giang'."""
    for part in fold(host).split():
        p = _BY_DOMAIN.get(part)
        if p:
            return p
    return None


def is_central_city(name: str) -> bool:
    return fold(name) in {fold(c) for c in CENTRAL_CITIES}


def diacritic_count(s: str) -> int:
    return sum(1 for ch in unicodedata.normalize("NFD", s) if unicodedata.combining(ch)) + s.count("đ") + s.count("Đ")
