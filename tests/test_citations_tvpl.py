"""The extractor over the 167 legal texts of ../shared/corpora/tvpl-johnpa02/crawl: no error, parsed
fields consistent with the text (checked by an independent re-rendering), and TVPL's bracket notes
("[Điều này được hướng dẫn bởi ... Nghị định 21/2021/NĐ-CP ...]") typed with the right relation."""
from __future__ import annotations

import random
import re
import unicodedata

import pytest

from extractors.citations import find_citations

pytestmark = pytest.mark.shared

SAMPLE_SEED = 20240501
SAMPLE_SIZE = 200


@pytest.fixture(scope="module")
def corpus(shared_dir):
    files = sorted((shared_dir / "corpora" / "tvpl-johnpa02" / "crawl").rglob("*.txt"))
    assert len(files) == 167
    out = []
    for f in files:
        text = f.read_text(encoding="utf-8")
        out.append((f, text, find_citations(text)))  # must not raise
    return out


def _fold(s: str) -> str:
    """Compare symbols ignoring spaces, look-alikes, the Đ/D spelling and case."""
    s = unicodedata.normalize("NFC", s)
    s = re.sub(r"\s+", "", s).replace("\u00d0", "Đ")
    s = re.sub("[\u2010-\u2015\u2212]", "-", s)
    return s.replace("Đ", "D").replace("đ", "d").upper()


def render_symbol(c) -> str:
    """The number and symbol written back from the parsed fields alone (not from c.ref)."""
    tail = "-".join(c.extra)
    issuer = c.issuer_code + (f"{c.term:02d}" if c.term and c.issuer_code in ("UBTVQH", "QH") else "")
    if c.family in ("party", "legacy"):
        return f"{c.number_raw}-{c.type_code}/{issuer}" + (f"-{tail}" if tail else "")
    groups = [g for g in (c.type_code, issuer, tail) if g]
    if c.family in ("qppl", "vbhn") and c.ref and c.ref.count("/") == 2:
        if c.type_code is None:  # N/YYYY/QHkk
            return f"{c.number_raw}/{c.year}/{issuer}"
        return f"{c.number_raw}/{c.ref.split('/')[1]}/" + "-".join(groups)
    return f"{c.number_raw or ''}/" + "-".join(groups)


def consistent(text: str, c) -> bool:
    mention = text[c.start:c.end]
    if mention != c.text:
        return False
    low = mention.lower()
    if c.via == "named":
        return low.lstrip("(“\"").startswith(c.doc_type.lower()) or c.doc_type.lower() in low[:12]
    if c.via == "short_form":
        return mention.endswith(c.number_raw) or c.number_raw in mention
    if _fold(render_symbol(c)) not in _fold(mention):
        return False
    if c.cited and c.cited.lower().split()[0] not in low[:40]:
        if not (c.cited == "Quyết định" and "qđ" in low[:6]) and not (c.cited == "Nghị định" and "nđ" in low[:6]):
            return False
    if c.date is not None:
        after = text[c.symbol_end:(c.tail_end or c.end) + 1]
        if str(c.date.year) not in after or not re.search(rf"(?<!\d)0?{c.date.day}(?!\d)", after):
            return False
    return True


def test_sampled_mentions_are_consistent_with_the_text(corpus):
    everything = [(text, c) for _, text, cits in corpus for c in cits]
    assert len(everything) > 20000
    sample = random.Random(SAMPLE_SEED).sample(everything, SAMPLE_SIZE)
    bad = [c.text for text, c in sample if not consistent(text, c)]
    assert len(bad) <= SAMPLE_SIZE // 100, bad


_NOTE_RE = re.compile(r"\[[^\[\]\n]{0,300}?(được hướng dẫn bởi|được sửa đổi bởi|được bổ sung bởi|bị thay thế bởi"
                      r"|bị bãi bỏ bởi)[^\[\]\n]{0,300}?\]")
_NUMBER_RE = re.compile(r"\d{1,4}/(?:19|20)\d\d/[A-ZĐ]")
_EXPECTED = {"được hướng dẫn bởi": "guided_by", "được sửa đổi bởi": "amended_by", "được bổ sung bởi": "amended_by",
             "bị thay thế bởi": "replaced_by", "bị bãi bỏ bởi": "repealed_by"}


def test_bracket_notes_give_passive_relations(corpus):
    """Recall of TVPL's notes that name a QPPL number: a mention inside the note with the note's relation."""
    found = total = 0
    for _, text, cits in corpus:
        starts = [c.start for c in cits]
        for m in _NOTE_RE.finditer(text):
            k = m.end(1)
            if not _NUMBER_RE.search(text, k, m.end()):
                continue
            total += 1
            want = _EXPECTED[m.group(1)]
            if any(m.start() < s < m.end() and c.relation == want for s, c in zip(starts, cits)):
                found += 1
    assert total > 3000
    assert found / total >= 0.95, (found, total)
