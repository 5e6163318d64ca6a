"""The phrases of Vietnamese CCHC reporting that say what a dossier figure counts.

Metric cues (the phrase before a count, or after it when the count opens the clause):

  received_total   "tiếp nhận", "đã tiếp nhận", "đã nhận", "nhận được", "tổng hồ sơ", "phát sinh"
  received_new     "tiếp nhận mới", "nhận mới", "mới tiếp nhận", "tiếp nhận trong kỳ", "mới phát sinh"
  carried_over     "tiếp tục giải quyết", "kỳ trước chuyển sang", "chuyển tiếp", "tồn kỳ trước"
  resolved_total   "đã giải quyết", "giải quyết được", "giải quyết xong", "(đã) hoàn thành",
                   "đã xử lý", "(đã) trả kết quả"
  resolved_early   "trước hạn", "trước thời hạn", "sớm hạn"
  resolved_on_time "đúng hạn", "đúng thời hạn", "đúng hẹn"
  resolved_on_or_before_time  "đúng hạn và trước hạn", "đúng và trước hạn", "trước và đúng hạn"
  resolved_late    "trễ hạn" (and the common misspelling "trể hạn"), "chậm", "trễ hẹn",
                   "trả quá hạn", "giải quyết quá hạn"
  pending_total    "đang giải quyết", "đang xử lý", "chưa giải quyết", "đang thụ lý", "còn tồn"
  pending_in_time  "chưa đến hạn", "(đang) trong thời hạn giải quyết", "trong hạn" after "đang"
  pending_overdue  "đang giải quyết quá hạn", "chưa giải quyết quá hạn", "tồn quá hạn"
  overdue          "quá hạn" when the text does not say resolved or pending
  returned_or_withdrawn "trả lại", "hoàn trả", "rút hồ sơ", "từ chối"
  online           "trực tuyến", "mức độ 3", "mức độ 4", "qua mạng", "toàn trình"
  postal           "bưu chính", "bưu điện"
  digitized        "số hóa" / "số hoá"
  other            a topic that is not a one-stop dossier flow: "4 tại chỗ", survey ballots
                   ("lấy phiếu", "khảo sát"), recruitment ("dự tuyển", "xét tuyển"), ID cards
                   ("CCCD", "CMND", "căn cước"), fines and taxes ("xử phạt", "thu thuế")

The nearest cue before the count decides; among cues ending at the same place the longest wins
("đúng hạn và trước hạn" over "trước hạn"; "tiếp tục giải quyết" over "giải quyết"). Channel and
topic cues anywhere in the clause win over status cues ("tiếp nhận và trả kết quả qua dịch vụ
bưu chính 3.251 hồ sơ" is postal).

Matching runs over syllables; Vietnamese word segmentation (underthesea) then decides, for a
window where a one-syllable cue matched, whether that syllable is a word of its own: "tồn" is
pending in "hồ sơ tồn 15" but not in "còn tồn tại ... 5 hồ sơ" (shortcomings) or "tồn kho"
(inventory). Only those windows are segmented (~3 ms each; the segmenter is imported on first use).
`BAOCAO_WORDSEG=0` switches segmentation off (used to measure what it is worth).
"""
from __future__ import annotations

import functools
import os
import unicodedata

import regex

from extractors.regex_at import KEEP_GIL

METRIC_CUES: dict[str, list[str]] = {
    "received_total": ["tiếp nhận", "đã tiếp nhận", "đã nhận", "nhận được", "tổng hồ sơ", "tổng số hồ sơ",
                       "phát sinh", "tiếp nhận tổng số"],
    "received_new": ["tiếp nhận mới", "nhận mới", "mới tiếp nhận", "mới phát sinh", "phát sinh mới",
                     "tiếp nhận mới tổng số"],
    "carried_over": ["tiếp tục giải quyết", "kỳ trước chuyển sang", "chuyển sang", "chuyển tiếp",
                     "tồn kỳ trước", "tồn từ kỳ trước", "kỳ trước chuyển qua", "từ kỳ trước",
                     "tồn đọng kỳ trước", "chuyển kỳ sau"],
    "resolved_total": ["đã giải quyết", "giải quyết được", "giải quyết xong", "đã hoàn thành",
                       "hoàn thành", "đã xử lý", "xử lý xong", "đã trả kết quả", "trả kết quả",
                       "đã giải quyết được"],
    "resolved_early": ["trước hạn", "trước thời hạn", "sớm hạn", "giải quyết trước hạn"],
    "resolved_on_time": ["đúng hạn", "đúng thời hạn", "đúng hẹn", "giải quyết đúng hạn", "trong hạn"],
    "resolved_on_or_before_time": ["đúng hạn và trước hạn", "trước hạn và đúng hạn", "đúng và trước hạn",
                                   "trước và đúng hạn", "đúng hạn, trước hạn", "trước hạn, đúng hạn",
                                   "đúng hạn và sớm hạn", "trước hoặc đúng hạn"],
    "resolved_late": ["trễ hạn", "trể hạn", "chậm", "chậm trễ", "trễ hẹn", "chậm hẹn", "trả quá hạn",
                      "giải quyết quá hạn", "đã giải quyết quá hạn", "trả chậm", "quá hạn đã giải quyết"],
    "pending_total": ["đang giải quyết", "đang xử lý", "chưa giải quyết", "đang thụ lý", "còn tồn",
                      "tồn", "tồn đọng", "còn tồn đọng", "chưa xử lý", "đang trong quá trình giải quyết", "chưa trả kết quả"],
    "pending_in_time": ["chưa đến hạn", "trong thời hạn giải quyết", "đang trong thời hạn",
                        "đang trong thời hạn giải quyết", "đang trong hạn", "còn trong hạn",
                        "chưa đến hạn giải quyết", "trong hạn giải quyết"],
    "pending_overdue": ["đang giải quyết quá hạn", "chưa giải quyết quá hạn", "tồn quá hạn",
                        "đang quá hạn", "quá hạn chưa giải quyết", "đang xử lý quá hạn"],
    "overdue": ["quá hạn"],
    "returned_or_withdrawn": ["trả lại", "hoàn trả", "rút hồ sơ", "rút", "từ chối", "trả về",
                              "không đủ điều kiện"],
}
CHANNEL_CUES: dict[str, list[str]] = {
    "online": ["trực tuyến", "mức độ 3", "mức độ 4", "mức độ 3, 4", "qua mạng", "toàn trình",
               "dịch vụ công trực tuyến", "online"],
    "postal": ["bưu chính", "bưu điện", "bưu chính công ích"],
    "digitized": ["số hóa", "số hoá"],
}
OTHER_CUES = ["tại chỗ", "lấy phiếu", "phiếu", "khảo sát", "khải sát", "lấy ý kiến", "dự tuyển", "xét tuyển",
              "tuyển dụng", "cccd", "cmnd", "căn cước", "chứng minh", "định danh", "xử phạt", "thu thuế",
              "nộp thuế", "thi đua", "khen thưởng", "lưu trữ", "hồ sơ công việc", "văn thư", "đảng viên",
              "hồ sơ cán bộ", "hồ sơ mời thầu", "dự thầu"]

# words after the number that make it a count of dossiers
DOSSIER_UNIT = regex.compile(
    r"(?i)\s*(?:(?P<set>bộ|bản)\s+|lượt\s+)?hồ\s+sơ\b"
    r"|\s*giao\s+dịch(?=\s+(?:thủ\s+tục\s+hành\s+chính|tthc|hành\s+chính|hồ\s+sơ|một\s+cửa)\b)")
DOSSIER_WORD = regex.compile(r"(?i)\bhồ\s+sơ\b")
# agency names whose words must not be read as metric cues ("Bộ phận tiếp nhận và trả kết quả")
AGENCY_NAMES = regex.compile(
    r"(?i)bộ\s+phận\s+(?:tiếp\s+nhận\s+(?:hồ\s+sơ\s+)?và\s+trả\s+kết\s+quả|một\s+cửa)|"
    r"trung\s+tâm\s+phục\s+vụ\s+hành\s+chính\s+công|trung\s+tâm\s+hành\s+chính\s+công|"
    r"trung\s+tâm\s+hcc|một\s+cửa\s+liên\s+thông|hiện\s+đại")


def wordseg_enabled() -> bool:
    return os.environ.get("BAOCAO_WORDSEG", "1") not in ("0", "false", "no", "off")


def _fold(s: str) -> str:
    return unicodedata.normalize("NFC", s).lower().replace("hoá", "hóa").replace("thuỷ", "thủy")


@functools.lru_cache(maxsize=4096)
def _words(s: str, seg: bool) -> tuple[tuple[str, ...], ...]:
    """Words of `s`, each a tuple of lower-case syllables; punctuation dropped."""
    s = _fold(s)
    if seg:
        from underthesea import word_tokenize  # lazy: ~1 s import, only when a number needs it
        toks = word_tokenize(s)
    else:
        toks = s.split()
    out = []
    for t in toks:
        syl = tuple(x for x in _SYLLABLE_SEP.split(_PUNCT.sub(" ", t)) if x)
        if syl:
            out.append(syl)
    return tuple(out)


_PUNCT = regex.compile(r"[^\w\s]")
_SYLLABLE_SEP = regex.compile(r"[\s_]+")
_SPACES = regex.compile(r"\s+")


@functools.lru_cache(maxsize=None)
def _cue_syllables(cue: str) -> tuple[str, ...]:
    return tuple(x for x in _SPACES.split(_PUNCT.sub(" ", _fold(cue))) if x)


_CUE_TABLES: dict[int, tuple[dict, dict[str, list[tuple[int, str, tuple[str, ...]]]]]] = {}


def _cues_by_first_syllable(cues: dict[str, list[str]]) -> dict[str, list[tuple[int, str, tuple[str, ...]]]]:
    """first syllable -> (rank, label, syllables) of the cue phrases that open with it, rank being
    the phrase's place in `cues` (cached per cue dict)."""
    hit = _CUE_TABLES.get(id(cues))
    if hit is not None and hit[0] is cues:
        return hit[1]
    table: dict[str, list[tuple[int, str, tuple[str, ...]]]] = {}
    rank = 0
    for label, phrases in cues.items():
        for ph in phrases:
            syl = _cue_syllables(ph)
            table.setdefault(syl[0], []).append((rank, label, syl))
            rank += 1
    _CUE_TABLES[id(cues)] = (cues, table)
    return table


def _boundaries(words: tuple[tuple[str, ...], ...]) -> tuple[list[str], set[int], set[int]]:
    flat: list[str] = []
    starts, ends = set(), set()
    for w in words:
        starts.add(len(flat))
        flat.extend(w)
        ends.add(len(flat))
    return flat, starts, ends


def find_cues(text: str, cues: dict[str, list[str]], seg: bool | None = None) -> list[tuple[int, int, str]]:
    """(start, end, label) of every cue in `text`, in syllable positions.

    Cues are matched on syllables; when segmentation is on and a one-syllable cue matched ("tồn",
    "rút", "chậm"), the window is segmented and only cues that start and end on word boundaries
    are kept ("tồn" in "còn tồn tại" is not a word of its own). Multi-syllable cues rarely cut a
    word, so most windows never pay for the segmenter.
    """
    seg = wordseg_enabled() if seg is None else seg
    flat, _, _ = _boundaries(_words(text, False))
    by_first = _cues_by_first_syllable(cues)
    found = []   # a cue is tried only where its first syllable is; listed in the order of `cues`
    for i, x in enumerate(flat):
        for rank, label, syl in by_first.get(x, ()):
            k = len(syl)
            if tuple(flat[i:i + k]) == syl:
                found.append((rank, i, i + k, label))
    found.sort()
    out = [(i, e, label) for _, i, e, label in found]
    if seg and any(e - s == 1 for s, e, _ in out):
        wflat, starts, ends = _boundaries(_words(text, True))
        if wflat == flat:   # same syllables: positions are comparable
            out = [(s, e, lb) for s, e, lb in out if s in starts and e in ends]
    return out


def nearest_cue(text: str, cues: dict[str, list[str]], seg: bool | None = None) -> str | None:
    """The cue closest to the end of `text` (longest among those ending at the same place)."""
    found = find_cues(text, cues, seg)
    if not found:
        return None
    found.sort(key=lambda c: (c[1], c[1] - c[0]))
    return found[-1][2]


def first_cue(text: str, cues: dict[str, list[str]], seg: bool | None = None) -> str | None:
    """The cue closest to the start of `text` (longest among those starting at the same place)."""
    found = find_cues(text, cues, seg)
    if not found:
        return None
    found.sort(key=lambda c: (c[0], -(c[1] - c[0])))
    return found[0][2]


# ---------------------------------------------------------------------------- scope

UNIT_WORDS = r"(?:cấp\s+(?:tỉnh|huyện|xã)|thành\s+phố|thị\s+xã|thị\s+trấn|tỉnh|huyện|quận|phường|xã)"
# "- Cấp tỉnh:" / "* Cấp huyện:" at the start of a line or sentence
SCOPE_LEVEL_LABEL = regex.compile(r"(?i)^[\s\-+*•]*(?:đối\s+với\s+|tại\s+)?(?P<s>cấp\s+(?:tỉnh|huyện|xã))\s*[:,-]")
# "+ Tại thành phố đã tiếp nhận", "Tại phường, xã"
SCOPE_TAI = regex.compile(r"(?i)^[\s\-+*•]*tại\s+(?P<s>" + UNIT_WORDS + r"(?:\s*(?:,|và|/)\s*" + UNIT_WORDS + r")*)\b")
# "Bộ phận tiếp nhận và trả kết quả xã, phường", "Bộ phận Một cửa cấp huyện"
SCOPE_BO_PHAN = regex.compile(
    r"(?i)bộ\s+phận\s+(?:tiếp\s+nhận\s+(?:hồ\s+sơ\s+)?và\s+trả\s+kết\s+quả|một\s+cửa)(?:\s+(?:các|của|tại|thuộc))?\s+"
    r"(?P<s>" + UNIT_WORDS + r"(?:\s*(?:,|và|/)\s*" + UNIT_WORDS + r")*)(?![\w])")
# a named centre: "Trung tâm HCC thành phố", "Trung tâm Phục vụ hành chính công tỉnh"
SCOPE_CENTRE = regex.compile(
    r"(?i)(?P<s>trung\s+tâm\s+(?:[\w&]+\s+){0,6}?(?:[\w&]+))(?=\s+(?:đã|đang|tiếp|thực|có|giải|trả|nhận|là|trong)\b)")
# a named agency as a list label or a clause subject: "Sở Tư pháp: 08 hồ sơ", "Văn phòng UBND tỉnh trả ..."
AGENCY_HEAD = (r"(?:sở|ban|văn\s+phòng|phòng|chi\s+cục|cục|trung\s+tâm|ubnd|ủy\s+ban\s+nhân\s+dân|công\s+an|"
               r"bảo\s+hiểm\s+xã\s+hội|kho\s+bạc|chi\s+nhánh|thanh\s+tra|đài|hạt)")
SCOPE_AGENCY_LABEL = regex.compile(r"(?i)^[\s(;,\-+*•]*(?P<s>" + AGENCY_HEAD + r"\b[^:;()\n]{1,80}?)\s*:\s*$")
SCOPE_AGENCY_SUBJECT = regex.compile(
    r"(?i)^[\s(;,\-+*•]*(?P<s>" + AGENCY_HEAD + r"\b(?:\s+[\w&]+){1,8}?)(?=\s+(?:đã|đang|tiếp\s+nhận|trả|giải\s+quyết|có|"
    r"thực\s+hiện|xử\s+lý|nhận)\b)")
SCOPE_UBND = regex.compile(r"(?i)^[\s\-+*•]*(?:ubnd|ủy\s+ban\s+nhân\s+dân)\s+(?P<s>" + UNIT_WORDS + r")\b")
_CLAUSE_SEP = regex.compile(r"[,;:]\s*")
_CENTRE_OR_COMMITTEE = regex.compile(r"(?i)trung\s+tâm|bộ\s+phận|ubnd|ủy\s+ban")


def clean_scope(s: str) -> str:
    return _SPACES.sub(" ", s).strip(" ,;:-").lower()


def scope_in_prefix(prefix: str) -> str | None:
    """The unit a statement is about, from the words before its first figure."""
    for rx in (SCOPE_LEVEL_LABEL, SCOPE_TAI, SCOPE_BO_PHAN, SCOPE_CENTRE):
        m = rx.search(prefix, None, None, KEEP_GIL)
        if m:
            return clean_scope(m.group("s"))
    for clause in _CLAUSE_SEP.split(prefix):
        m = SCOPE_UBND.search(clause)
        if m:
            return clean_scope(m.group("s"))
    return None


def scope_of_clause(label: str) -> str | None:
    """A named agency owning one figure: "Sở Tư pháp: 08", "Văn phòng UBND tỉnh trả quá hạn 11"."""
    m = SCOPE_AGENCY_LABEL.search(label, None, None, KEEP_GIL)
    if m:
        return clean_scope(m.group("s"))
    m = SCOPE_AGENCY_SUBJECT.search(label, None, None, KEEP_GIL)
    if m and not _CENTRE_OR_COMMITTEE.match(m.group("s")):
        return clean_scope(m.group("s"))
    return None


_ISSUER_UNIT = regex.compile(r"(?i)\b(?P<u>thành\s+phố|thị\s+xã|thị\s+trấn|tỉnh|huyện|quận|phường|xã)\b")
_LEVEL_UNIT = {"province": "tỉnh", "district": "huyện", "commune": "xã"}
_COMMITTEE_UNIT = regex.compile(r"(?i)\b(?:ubnd|ủy\s+ban\s+nhân\s+dân)\s+(?!các\b)"
                             r"(?P<u>thành\s+phố|thị\s+xã|thị\s+trấn|tỉnh|huyện|quận|phường|xã)\b")


def document_unit(doc) -> str | None:
    """The administrative unit a report speaks for: from the issuing body, else the first
    "UBND <unit>" of the text, else the admin level."""
    body = (doc.meta or {}).get("issuing_body")
    if body:
        m = _ISSUER_UNIT.search(body)
        if m:
            return clean_scope(m.group("u"))
    # the first "(Chủ tịch) UBND <unit>" of the text names the reporting body far more often
    # than not ("Chủ tịch UBND thành phố báo cáo ..."); "UBND các xã" never does
    m = _COMMITTEE_UNIT.search(doc.text)
    if m:
        return clean_scope(m.group("u"))
    level = (doc.meta or {}).get("admin_level")
    return _LEVEL_UNIT.get(level) if level else None


# ---------------------------------------------------------------------------- period

_D = r"\d{1,2}\s?[/-]\s?\d{1,2}(?:\s?[/-]\s?\d{2,4})?"
PERIOD = regex.compile(
    r"(?i)(?:"
    r"(?:từ\s+ngày\s+" + _D + r"\s*(?:đến|-)\s*(?:ngày\s+)?" + _D + r")"
    r"|(?:(?:tính\s+)?(?:đến|tới)\s+ngày\s+" + _D + r")"
    r"|(?:(?:quý\s+(?:\d|[IV]+)(?:\s?/\s?\d{4}|\s+năm\s+\d{4})?)(?:\s*\(\s*thời\s+gian\s*:\s*" + _D + r"\s*-\s*" + _D + r"\s*\))?)"
    r"|(?:thời\s+gian\s*:\s*" + _D + r"\s*-\s*" + _D + r")"
    r"|(?:(?<!ngày\s+\d{1,2}\s+)(?:trong\s+)?tháng\s+\d{1,2}(?:\s?/\s?\d{4}|\s+năm\s+\d{4})?(?!\s?/\s?\d{1,2}\s?/))"
    r"|(?:\d{1,2}\s+tháng\s+(?:đầu|cuối)\s+năm(?:\s+\d{4})?)"
    r"|(?:(?:đến\s+nay|từ\s+đầu\s+năm(?:\s+đến\s+nay)?))"
    r")")
_DATE = regex.compile(r"(?<![\d/])(?P<d>\d{1,2})\s?[/.-]\s?(?P<m>\d{1,2})(?:\s?[/.-]\s?(?P<y>\d{4}|\d{2}))?(?![\d/])")
_DAY_BEFORE = regex.compile(r"(?i)ngày\s+\d{1,2}\s*$")


def find_period(s: str) -> regex.Match | None:
    """The first period phrase of `s` (not a date inside a citation "ngày 10 tháng 1 năm 2023")."""
    for m in PERIOD.finditer(s):
        before = s[max(0, m.start() - 12):m.start()]
        if _DAY_BEFORE.search(before):
            continue
        return m
    return None


def period_dates(period_text: str | None) -> tuple:
    """The dates a period phrase names, as (day, month[, year]) tuples (for comparing periods)."""
    if not period_text:
        return ()
    out = set()
    for m in _DATE.finditer(period_text):
        d, mo, y = int(m.group("d")), int(m.group("m")), m.group("y")
        if 1 <= d <= 31 and 1 <= mo <= 12:
            out.add((d, mo, int(y) if y else None))
    return tuple(sorted(out, key=lambda t: (t[2] or 0, t[1], t[0])))
