"""The document's own number, read from the header of the 130 Công báo texts of ../shared.

The reference is index.json's `so_hieu` with the type words stripped ("Nghị định số 200/2026/NĐ-CP"
-> "200/2026/NĐ-CP"); where the repo stored a URL slug instead ("quyet-dinh-so-892-qd-ttg-469579")
the comparison is on letters and digits without diacritics ("892qdttg").
Six of the texts hold no number at all (the PDF's text layer kept only page heads and the
signature, e.g. nghi-dinh-so-186-2026 is 808 characters): a number that is not in the text
cannot be read, so they are counted apart and must come out as None, not as a wrong number.
"""
from __future__ import annotations

import json
import re

import pytest

from pipeline.process import load_doc
from pipeline.segment import segment
from pipeline.segment.places import fold

pytestmark = pytest.mark.shared


def _expected(so_hieu: str) -> tuple[str | None, str]:
    """(exact number or None for a slug, its letters-and-digits key)."""
    if " " not in so_hieu:  # a slug: type words, number, symbol, then the site's id
        core = re.sub(r"-\d+$", "", so_hieu.split("-so-", 1)[1])
        return None, fold(core).replace(" ", "")
    ref = re.sub(r"^.*?\bsố\s*:?\s*", "", so_hieu).strip().replace(" ", "")
    return ref, fold(ref).replace(" ", "")


@pytest.fixture(scope="module")
def congbao(shared_dir):
    root = shared_dir / "corpora" / "congbao-8chude"
    so_hieu = {e["slug"]: e["so_hieu"] for e in json.loads((root / "index.json").read_text(encoding="utf-8"))}
    out = []
    for path in sorted((root / "docs").rglob("*.txt")):
        doc, _ = load_doc(path.read_bytes(), path, path.name)
        segment(doc)
        exact, key = _expected(so_hieu[path.stem])
        got = doc.meta["doc_number"]
        right = got is not None and (got == exact if exact else fold(got).replace(" ", "") == key)
        # is the number in the text at all? (only asked when it was not read: folding is costly)
        in_text = right or key in fold(doc.text).replace(" ", "")
        out.append((path.stem, right, in_text, doc))
    return out


def test_corpus_is_the_expected_one(congbao):
    assert len(congbao) == 130


def test_own_number_read_from_the_header(congbao):
    readable = [c for c in congbao if c[2]]
    assert len(readable) >= 120
    wrong = [(slug, doc.meta["doc_number"]) for slug, right, _, doc in readable if not right]
    assert 1 - len(wrong) / len(readable) >= 0.98, wrong


def test_texts_without_their_number_get_none(congbao):
    for slug, _, in_text, doc in congbao:
        if not in_text:
            assert doc.meta["doc_number"] is None, slug


def test_legal_structure_of_the_gazette_texts(congbao):
    n_articles = n_docs_with_articles = 0
    for slug, _, _, doc in congbao:
        articles = [s for s in doc.sections if s["kind"] == "article"]
        if articles:
            n_docs_with_articles += 1
            n_articles += len(articles)
            assert doc.meta["kind"] in ("legal_document", "other"), slug
        by_id = {x["section_id"]: x for x in doc.sections}
        for s in doc.sections:
            if s["kind"] == "clause":
                assert by_id[s["parent_id"]]["kind"] == "article"
    assert n_docs_with_articles >= 100 and n_articles >= 2000
