"""The closed vocabularies of ../shared/spec/doc-numbers.md §4: type codes, type words, issuer codes.

Everything here is data; the rules that use it live in `parse.py`. Table names (T1 ... T8) refer
to the spec.
"""
from __future__ import annotations

# T1 (NĐ 30/2020 Phụ lục III), T2/T3 (TT 01/2011, TTLT 55/2005), T8 and the QPPL types of T4:
# type code -> Vietnamese type name.
ADMIN_TYPES: dict[str, str] = {
    "NQ": "Nghị quyết", "QĐ": "Quyết định", "CT": "Chỉ thị", "QC": "Quy chế", "QyĐ": "Quy định",
    "TC": "Thông cáo", "TB": "Thông báo", "HD": "Hướng dẫn", "CTr": "Chương trình", "KH": "Kế hoạch",
    "PA": "Phương án", "ĐA": "Đề án", "DA": "Dự án", "BC": "Báo cáo", "BB": "Biên bản",
    "TTr": "Tờ trình", "HĐ": "Hợp đồng", "CĐ": "Công điện", "BGN": "Bản ghi nhớ",
    "BTT": "Bản thỏa thuận", "GUQ": "Giấy ủy quyền", "GM": "Giấy mời", "GGT": "Giấy giới thiệu",
    "GNP": "Giấy nghỉ phép", "PG": "Phiếu gửi", "PC": "Phiếu chuyển", "PB": "Phiếu báo",
    # TT 01/2011 and TTLT 55/2005 spellings (flag tt01_abbr)
    "GN": "Bản ghi nhớ", "TTh": "Bản thỏa thuận", "UQ": "Giấy ủy quyền", "NP": "Giấy nghỉ phép",
    "GT": "Giấy giới thiệu", "CK": "Bản cam kết", "CN": "Giấy chứng nhận", "ĐĐ": "Giấy đi đường",
    "BN": "Giấy biên nhận hồ sơ", "UN": "Giấy ủy nhiệm",
    # T8: other codes seen in the type position
    "KL": "Kết luận", "GP": "Giấy phép", "GCN": "Giấy chứng nhận", "GXN": "Giấy xác nhận",
    "CV": "Công văn", "VBHN": "Văn bản hợp nhất",
    # QPPL types (T4); without a year they are flagged qppl_type_without_year
    "NĐ": "Nghị định", "TT": "Thông tư", "TTLT": "Thông tư liên tịch", "NQLT": "Nghị quyết liên tịch",
    "L": "Lệnh", "PL": "Pháp lệnh",
    # copies (T1 C1-C3)
    "SY": "Bản sao y", "SL": "Bản sao lục", "TrS": "Bản trích sao", "TS": "Bản trích sao",
}
TT01_CODES = frozenset({"GN", "TTh", "UQ", "NP", "GT", "CK", "CN", "ĐĐ", "BN", "UN", "TS"})
COPY_CODES = frozenset({"SY", "SL", "TrS", "TS"})
QPPL_ONLY_CODES = frozenset({"NĐ", "TT", "TTLT", "NQLT", "L", "PL"})
# §6 step 4.4: codes that are also common issuer/unit codes (CT = Cục Thuế, TC = Bộ Tài chính ...)
AMBIGUOUS_TYPE_CODES = frozenset({"CT", "TC", "TT", "TTr", "PC", "TB", "HD", "KH", "BC", "PA"})

# T6: Party document types.
PARTY_TYPES: dict[str, str] = {
    "NQ": "Nghị quyết", "CT": "Chỉ thị", "KL": "Kết luận", "QĐ": "Quyết định", "QĐi": "Quy định",
    "QyĐ": "Quy định", "QC": "Quy chế", "TB": "Thông báo", "HD": "Hướng dẫn", "BC": "Báo cáo",
    "KH": "Kế hoạch", "CTr": "Chương trình", "TTr": "Tờ trình", "TT": "Thông tri", "BB": "Biên bản",
    "CV": "Công văn", "ĐA": "Đề án", "PA": "Phương án", "QTr": "Quy trình", "BS": "Bản sao",
}

# T7: Party issuer codes (prefix families are matched in parse.is_party_issuer).
PARTY_ISSUERS = frozenset({
    "TW", "VPTW", "BTCTW", "BTGTW", "BDVTW", "BNCTW", "BKTTW", "BĐNTW", "UBKTTW", "QUTW", "ĐUCA",
    "BCĐTW", "TU", "HU", "QU", "ThU", "VPTU", "BTCTU", "BTGTU", "BDVTU", "UBKTTU", "VPHU", "BTCHU",
    "BTGHU", "BDVHU", "ĐU", "ĐUK", "ĐUQS", "ĐUBP", "CB", "ĐĐ", "BCSĐ", "BCS", "BCĐ", "HĐ", "TB",
    "ĐH", "TWĐTN", "TWĐ",
})
# §6 step 4: issuers that mark the hyphen form as a state (legacy) document, not a Party one.
STATE_LEGACY_ISSUERS = frozenset({"CP", "CTN", "TC", "TCT", "HĐBT", "LB", "BTC", "TTg", "QH"})

# T5: national state issuers and ministries ("top-level issuers" of §6 step 4.4).
NATIONAL_ISSUERS = frozenset({
    "QH", "UBTVQH", "CTN", "CP", "TTg", "VPCP", "VPQH", "HĐTP", "TANDTC", "VKSNDTC", "VKSTC", "KTNN",
    "NHNN", "TTCP", "UBDT", "BHXH", "TCT", "TCHQ", "KBNN", "UBND", "HĐND", "VP",
    "BNV", "BTC", "BKHĐT", "BCT", "BNNPTNT", "BNN", "BTNMT", "BGDĐT", "BYT", "BLĐTBXH", "BVHTTDL",
    "BTTTT", "BXD", "BGTVT", "BTP", "BCA", "BQP", "BNG", "BKHCN", "BNNMT",
})

ALL_CODES: frozenset[str] = frozenset(
    set(ADMIN_TYPES) | set(PARTY_TYPES) | PARTY_ISSUERS | NATIONAL_ISSUERS | STATE_LEGACY_ISSUERS
    | {"SNV", "STC", "STP", "SKHĐT", "SGDĐT", "SYT", "STNMT", "SXD", "SGTVT", "SCT", "SNN",
       "SLĐTBXH", "SVHTTDL", "STTTT", "SKHCN", "PNV", "BCĐCCHC", "TCCB", "TCHC", "KSTT", "XDCQ",
       "QLGCS", "HCSN", "CNTT", "TĐC", "CCHC", "PC", "HC", "NV", "NC", "KT", "VX", "KGVX", "TH",
       "VPTW", "CĐVX", "ĐT", "GDĐT", "KHĐT", "LĐTBXH", "TNMT", "NNPTNT", "BDVTU"}
)
CANONICAL_CASE: dict[str, str] = {c.upper(): c for c in ALL_CODES}


def _fold_d(code: str) -> str:
    return code.replace("Đ", "D")


# §6 step 6 "ASCII-D repair": codes written without Đ that fold onto exactly one known code and
# are not themselves valid as written (HD = Hướng dẫn, DA = Dự án stay as they are).
_folds: dict[str, set[str]] = {}
for _c in ALL_CODES:
    if "Đ" in _c:
        _folds.setdefault(_fold_d(_c).upper(), set()).add(_c)
ASCII_D_REPAIR: dict[str, str] = {
    k: next(iter(v)) for k, v in _folds.items() if len(v) == 1 and k not in CANONICAL_CASE
}

# Quốc hội terms (khóa) -> (first year, last year), for term_conflict.
QH_TERMS: dict[int, tuple[int, int]] = {
    9: (1992, 1997), 10: (1997, 2002), 11: (2002, 2007), 12: (2007, 2011), 13: (2011, 2016),
    14: (2016, 2021), 15: (2021, 2026), 16: (2026, 2031),
}

# Vietnamese type words as cited in running text: canonical name -> spelling variants. Matching is
# case-insensitive; tone-placement variants (uỷ/ủy, thoả/thỏa) are listed. Longer names first.
TYPE_WORDS: dict[str, tuple[str, ...]] = {
    "Văn bản hợp nhất": ("văn bản hợp nhất",),
    "Thông tư liên tịch": ("thông tư liên tịch",),
    "Nghị quyết liên tịch": ("nghị quyết liên tịch",),
    "Giấy ủy quyền": ("giấy ủy quyền", "giấy uỷ quyền"),
    "Giấy giới thiệu": ("giấy giới thiệu",),
    "Giấy mời": ("giấy mời",),
    "Bản thỏa thuận": ("bản thỏa thuận", "bản thoả thuận"),
    "Bản ghi nhớ": ("bản ghi nhớ",),
    "Kế hoạch": ("kế hoạch",),
    "Quyết định": ("quyết định",),
    "Nghị quyết": ("nghị quyết",),
    "Nghị định": ("nghị định",),
    "Thông tư": ("thông tư",),
    "Thông tri": ("thông tri",),
    "Thông báo": ("thông báo", "thông báo kết luận"),  # a Thông báo that records a Kết luận
    "Thông cáo": ("thông cáo",),
    "Chỉ thị": ("chỉ thị",),
    "Công văn": ("công văn",),
    "Công điện": ("công điện",),
    "Văn bản": ("văn bản",),
    "Báo cáo": ("báo cáo",),
    "Hướng dẫn": ("hướng dẫn",),
    "Đề án": ("đề án",),
    "Dự án": ("dự án",),
    "Kết luận": ("kết luận",),
    "Chương trình": ("chương trình",),
    "Quy định": ("quy định",),
    "Quy chế": ("quy chế",),
    "Quy trình": ("quy trình",),
    "Tờ trình": ("tờ trình",),
    "Phương án": ("phương án",),
    "Biên bản": ("biên bản",),
    "Hợp đồng": ("hợp đồng",),
    "Bộ luật": ("bộ luật",),
    "Luật": ("luật",),
    "Pháp lệnh": ("pháp lệnh",),
    "Sắc lệnh": ("sắc lệnh",),
    "Lệnh": ("lệnh",),
    "Hiến pháp": ("hiến pháp",),
    "Điều lệ": ("điều lệ",),
}
# Abbreviations used as type words before a number ("QĐ 988/...", "NĐ 30/2020/...", "ND43").
TYPE_ABBREVIATIONS: dict[str, str] = {
    "QĐ": "Quyết định", "QD": "Quyết định", "NĐ": "Nghị định", "ND": "Nghị định",
    "NQ": "Nghị quyết", "CV": "Công văn", "TTLT": "Thông tư liên tịch",
}
_WORD_LOOKUP = {v: k for k, vs in TYPE_WORDS.items() for v in vs}


def canonical_type_word(written: str) -> str | None:
    """'kế hoạch' -> 'Kế hoạch', 'QĐ' -> 'Quyết định'; None when not a type word."""
    if written in TYPE_ABBREVIATIONS:
        return TYPE_ABBREVIATIONS[written]
    return _WORD_LOOKUP.get(" ".join(written.lower().split()))


# Types whose short form ("Nghị định 130") is a QPPL instrument whatever the symbol.
QPPL_TYPE_NAMES = frozenset({"Nghị định", "Luật", "Bộ luật", "Pháp lệnh", "Thông tư", "Thông tư liên tịch",
                             "Hiến pháp"})
