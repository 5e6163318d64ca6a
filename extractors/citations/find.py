"""`find_citations(text)`: every mention of a legal instrument in a text, parsed.

A short dispatch over the kinds of mention (eyecite's get_citations, for Vietnamese):
    1. number-and-symbol forms (SYMBOL_RE: QPPL, Party/legacy hyphen form, slash form), with the
       cited type word before, the date and the issuing body after (parse.py, dates.py);
    2. template headers with a blank number ("Số:      /QĐ-UBND");
    3. short forms "Nghị định 130 của Chính phủ", "NĐ 130", "ND43" (resolved in resolve.py);
    4. named instruments "Luật Ban hành văn bản QPPL năm 2015", "Hiến pháp", ... (named.py);
then relations between neighbouring mentions (relations.py) and anomalies (anomalies.py).

The text is read as given; look-alike characters (Ð, dashes, NBSP ...) are folded one-for-one on
a working copy so that every span indexes the caller's text.
"""
from __future__ import annotations

import bisect
import functools

from extractors.citations.anomalies import mark_anomalies
from extractors.citations.codes import QPPL_TYPE_NAMES, canonical_type_word
from extractors.citations.dates import date_after
from extractors.citations.models import Citation
from extractors.citations.named import find_named
from extractors.citations.parse import (
    at_line_start, classify, issuer_after, parse_symbol, strip_number, words_before,
)
from extractors.citations.regexes import (
    BLANK_NUMBER_RE, LOOKALIKES, SHORT_AFTER_ABBR_RE, SHORT_AFTER_WORD_RE, SHORT_FORM_ABBREVIATIONS,
    KEYWORD_ANCHORS, NAMED_KEYWORDS, SHORT_FORM_WORDS, SYMBOL_RE,
)
from extractors.citations.relations import assign_relations
from extractors.citations.resolve import resolve_in_text
from extractors.numbers import digit_runs
from extractors.regex_at import at_position, matches_at

_FOLD = [(chr(k), v) for k, v in LOOKALIKES.items()]


def fold_lookalikes(text: str) -> str:
    """Ð -> Đ, dash and slash look-alikes -> '-' '/', NBSP -> ' '; same length as `text`.
    (str.replace per character present: memchr-fast, where str.translate walks every character.)"""
    for ch, repl in _FOLD:
        if ch in text:
            text = text.replace(ch, repl)
    return text


@functools.lru_cache(maxsize=8)
def _anchors(keywords: tuple[str, ...]) -> dict[str, list[tuple[str, int]]]:
    by_anchor: dict[str, list[tuple[str, int]]] = {}
    for kw in keywords:
        anchor = KEYWORD_ANCHORS.get(kw, kw)
        by_anchor.setdefault(anchor, []).append((kw, kw.index(anchor)))
    return by_anchor


_KEYWORDS_ALL = tuple(dict.fromkeys(SHORT_FORM_WORDS + SHORT_FORM_ABBREVIATIONS + NAMED_KEYWORDS))
_SHORT_WORDS = frozenset(SHORT_FORM_WORDS + SHORT_FORM_ABBREVIATIONS)


def keyword_hits(text: str, keywords) -> list[tuple[int, str]]:
    """(position, keyword) of every whole-word occurrence, sorted: the cheap prefilter for short
    and named forms. str.find runs at memory speed where a regex alternation of Vietnamese words
    does not; keywords sharing a substring (KEYWORD_ANCHORS: "Nghị định", "Quyết định" -> "định")
    share one pass."""
    by_anchor = _anchors(tuple(keywords))
    hits = []
    n_text = len(text)
    for anchor, kws in by_anchor.items():
        i = text.find(anchor)
        while i != -1:
            for kw, off in kws:
                p = i - off
                j = p + len(kw)
                if p >= 0 and text.startswith(kw, p) and (p == 0 or not text[p - 1].isalpha()) \
                        and (j >= n_text or not text[j].isalpha()):
                    hits.append((p, kw))
            i = text.find(anchor, i + 1)
    hits.sort()
    return hits


def _in_url(text: str, pos: int) -> bool:
    if pos == 0 or text[pos - 1] in " \t\n(":  # the number starts a token: not inside a URL
        return False
    lo = max(0, pos - 200)
    k = max(text.rfind(" ", lo, pos), text.rfind("\n", lo, pos), text.rfind("\t", lo, pos))
    token = text[k + 1:pos]
    return "://" in token or "www." in token or "?" in token or "=" in token


def _tail(c: Citation, text: str, end: int, allow_bare_issuer: bool) -> None:
    """Date, then issuing body, after the symbol; fills date / issuer_text / end / tail_end."""
    d = date_after(text, end)
    if d:
        c.date, end = d
    c.end = end
    iss = issuer_after(text, end)
    if iss is None and c.date is None and allow_bare_issuer:
        bare = issuer_after(text, end, bare=True)
        if bare and date_after(text, bare[2]):
            iss = bare
    c.tail_end = end
    if iss:
        c.issuer_text, c.tail_end = iss[0], iss[2]
        if c.date is None:  # "... 187/QĐ-UBND UBND tỉnh Thừa Thiên Huế Ngày 16/01/2023"
            d = date_after(text, iss[2])
            if d:
                c.date, c.tail_end = d[0], d[1]


def _symbol_citation(original: str, text: str, m) -> Citation | None:
    sym_start = m.start()
    if _in_url(text, sym_start):
        return None
    before = words_before(text, sym_start)
    if before.skip:
        return None
    parts = parse_symbol(m, original)
    f = classify(parts, before.cited)
    c = Citation(
        start=before.start, end=m.end(), text="", family=f["family"], doc_type=f["doc_type"],
        cited=before.cited, type_code=f["type_code"], number=parts.number, number_raw=parts.number_raw,
        year=parts.year, issuer_code=f["issuer_code"], extra=f["extra"], term=f["term"], ref=f["ref"],
        symbol=f["symbol"], flags=f["flags"], header=before.header, attached_to=before.attached_to,
        symbol_start=sym_start, symbol_end=m.end(),
    )
    if not parts.number_raw and at_line_start(text, m.start()):  # "Số:      /QĐ-UBND"
        c.header = True
    if c.header:
        c.flags = c.flags + ("header",)
    if parts.number is None:
        c.flags = c.flags + ("no_number",)
    _tail(c, text, m.end(), allow_bare_issuer=True)
    if c.year is None and c.date is not None:
        c.year = c.date.year
    if c.attached_to:
        c.via = "self"
    c.text = original[c.start:c.end]
    return c


def _short_form(original: str, text: str, start: int, written: str) -> Citation | None:
    rx = SHORT_AFTER_ABBR_RE if written in SHORT_FORM_ABBREVIATIONS else SHORT_AFTER_WORD_RE
    m = rx.match(text, start + len(written))
    if m is None:
        return None
    num = m.group("num")
    if written[0].islower() and text.startswith(".", m.end()):
        return None  # "bản án, quyết định 1. Tòa án ...": a numbered list, not a citation
    if len(num) == 4 and num.isdigit() and 1945 <= int(num) <= 2035:  # "Kế hoạch 2020" is a year
        return None
    doc_type = canonical_type_word(written)
    flags = ("ascii_d",) if written in ("ND", "QD") else ()
    c = Citation(start=start, end=m.end(), text="", via="short_form", doc_type=doc_type, cited=doc_type,
                 number=strip_number(num), number_raw=num, flags=flags,
                 family="qppl" if doc_type in QPPL_TYPE_NAMES else None,
                 symbol_start=start, symbol_end=m.end())
    _tail(c, text, m.end(), allow_bare_issuer=False)
    if c.date is not None:
        c.year = c.date.year
    c.text = original[c.start:c.end]
    return c


def _overlaps(spans: list[tuple[int, int]], s: int, e: int) -> bool:
    i = bisect.bisect_left(spans, (e, -1))
    return i > 0 and spans[i - 1][1] > s


_SYMBOL_AT = at_position(SYMBOL_RE.pattern)


def _symbol_matches(work: str) -> list:
    """What `SYMBOL_RE.finditer(work)` finds, with the pattern tried only at the runs of digits
    that can open a symbol: SYMBOL_RE's number is at most 5 digits and up to 2 letters [a-zđ], and
    its separator is up to 3 blanks then "/" or "-". Inside a run the digit before fails the
    pattern's look-behind, so no match starts there; the look-behind itself is left to the pattern.
    """
    places = []
    n = len(work)
    for s, e in digit_runs(work):
        if e - s > 5:
            continue
        j = e
        while j < n and j - e < 2 and ("a" <= work[j] <= "z" or work[j] == "đ"):
            j += 1
        k = j
        while k < n and k - j < 3 and work[k] in " \t":
            k += 1
        if k < n and work[k] in "/-":
            places.append(s)
    return matches_at(_SYMBOL_AT, work, places)


def find_citations(text: str, *, short_forms: bool = True, named: bool = True,
                   relations: bool = True, anomalies: bool = True) -> list[Citation]:
    """Every mention in `text`, sorted by start. See the module docstring for the kinds found.

    `relations` fills relation / relation_source between neighbouring mentions; `anomalies`
    fills anomaly (type_symbol_mismatch, typo_symbol, date_conflict, number_reused,
    term_conflict) from what this text alone shows.
    """
    work = fold_lookalikes(text)
    found: list[Citation] = []
    for m in _symbol_matches(work):
        c = _symbol_citation(text, work, m)
        if c is not None:
            found.append(c)
    if "Số" in work:
        for m in BLANK_NUMBER_RE.finditer(work):
            c = _symbol_citation(text, work, m)
            if c is not None:
                found.append(c)
    found.sort(key=lambda c: c.start)
    spans = sorted((c.start, c.end) for c in found)
    extra: list[Citation] = []
    hits = keyword_hits(work, _KEYWORDS_ALL) if short_forms or named else []
    if short_forms:
        for pos, written in hits:
            after = work[pos + len(written):pos + len(written) + 1]
            if written not in _SHORT_WORDS or not (after.isdigit() or after in (" ", "\t")):
                continue
            if not _overlaps(spans, pos, pos + len(written)):
                c = _short_form(text, work, pos, written)
                if c is not None and not _overlaps(spans, c.start, c.end):
                    extra.append(c)
    if named:
        taken = sorted(spans + [(c.start, c.end) for c in extra])
        for c in find_named(work, taken, hits):
            c.text = text[c.start:c.end]
            extra.append(c)
    if extra:
        found = sorted(found + extra, key=lambda c: c.start)
    resolve_in_text(work, found)
    if relations:
        assign_relations(work, found)
    if anomalies:
        mark_anomalies(work, found)
    return found
