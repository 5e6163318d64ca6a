"""The spaCy components: same mentions as find_citations, gold figures and checks, serialization."""
from __future__ import annotations

import sys

import pytest

from conftest import SEEDS, load_gold

SEED_000 = SEEDS / "000_eb60bfc273ad20a5.txt"


@pytest.fixture(scope="module")
def nlp():
    from extractors.spacy_pipeline import baocao_spacy

    return baocao_spacy()


@pytest.fixture(scope="module")
def doc000(nlp):
    return nlp(SEED_000.read_text(encoding="utf-8"))


def test_blank_vietnamese_needs_neither_pyvi_nor_a_download(nlp, doc000):
    assert nlp.lang == "vi" and "pyvi" not in sys.modules
    assert nlp.pipe_names == ["baocao_citations", "baocao_dossiers", "baocao_checks"]
    assert [t.text for t in nlp.tokenizer.inner("Số: 417 /BC-UBND")] == ["Số:", "417", "/BC-UBND"]


def test_seed_000_citations_are_those_of_find_citations(doc000):
    from extractors.citations import find_citations

    text = SEED_000.read_text(encoding="utf-8")
    assert doc000.text == text  # an NFC .txt is its own normalized text
    found = find_citations(text)
    spans = list(doc000.spans["baocao_citations"])
    assert [(s._.baocao["char_start"], s._.baocao["char_end"], s._.baocao["ref"]) for s in spans] == \
        [(c.start, c.end, c.ref) for c in found]
    for s, c in zip(spans, found):
        assert s.start_char <= c.start and c.end <= s.end_char  # expanded to whole tokens
        assert s.label_ == c.family
    # and the gold's mentions of seed 000 are among them
    gold = {(c["start"], c["end"]) for c in load_gold("citations")
            if c["doc"] == SEED_000.stem and not c.get("uncertain")}
    mine = {(c.start, c.end) for c in found}
    assert len(gold & mine) >= len(gold) - 2


def test_seed_000_dossier_figures_carry_their_parse(doc000):
    figs = {(s._.baocao["char_start"], s._.baocao["value"], s._.baocao["metric"])
            for s in doc000.spans["baocao_dossier_stats"]}
    gold = {(g["start"], g["value"], g["metric"]) for g in load_gold("dossier_stats") if g["doc"] == SEED_000.stem}
    assert (3152, 2473, "received_total") in figs
    assert len(gold & figs) >= len(gold) - 2
    labels = {s.label_ for s in doc000.ents}
    assert labels == {"CITATION", "DOSSIER", "PERCENT"}
    ent = next(e for e in doc000.ents if e.text == "2.473")
    assert ent.label_ == "DOSSIER" and ent._.baocao["metric"] == "received_total"


def test_checks_component_finds_the_gold_failure_of_seed_002(nlp):
    doc = nlp((SEEDS / "002_fc68bc439aabe094.txt").read_text(encoding="utf-8"))
    fails = [s._.baocao for s in doc.spans["baocao_findings"] if s._.baocao["status"] == "fail"]
    assert any(f["rule"] == "percentage" and f["reported"] == 0.06 and f["expected"] == 8.06 for f in fails)
    assert all(s.label_ == f"{s._.baocao['rule']}:{s._.baocao['status']}" for s in doc.spans["baocao_findings"])


def test_expand_alignment_and_normalization(nlp):
    doc = nlp("Căn cứ (Quyết định số 06/QĐ–UBND ngày 10/1/2023) của UBND.")
    assert "06/QĐ-UBND" in doc.text  # the en dash look-alike is folded, as documents.text has it
    span = doc.spans["baocao_citations"][0]
    row = span._.baocao
    assert row["ref"] == "06/QĐ-UBND"
    assert doc.text[row["char_start"]:row["char_end"]].startswith("Quyết định số 06")
    assert span.text.startswith("(Quyết")  # the token "(Quyết" is taken whole


def test_components_are_registered_by_name_and_work_alone():
    import spacy

    import extractors.spacy_pipeline  # noqa: F401  (registers the factories)

    nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}})
    nlp.add_pipe("baocao_citations")
    doc = nlp("Thực hiện Kế hoạch số 112/KH-UBND ngày 27/6/2018 của UBND tỉnh.")
    assert [s._.baocao["ref"] for s in doc.spans["baocao_citations"]] == ["112/KH-UBND"]
    assert doc._.baocao["citations"][0]["date"] == "2018-06-27"


def test_doc_serializes_with_its_spans_and_rows(nlp, doc000):
    from spacy.tokens import Doc

    again = Doc(nlp.vocab).from_bytes(doc000.to_bytes())
    assert [s._.baocao["ref"] for s in again.spans["baocao_citations"]] == \
        [s._.baocao["ref"] for s in doc000.spans["baocao_citations"]]
    assert len(again.ents) == len(doc000.ents)


def test_displacy_renders_the_spans(doc000):
    from spacy import displacy

    html = displacy.render(doc000, style="span", options={"spans_key": "baocao_citations"}, page=False)
    assert "94/KH-UBND" in html and "cong_van" in html
