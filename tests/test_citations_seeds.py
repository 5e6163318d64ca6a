"""The citations of the five seed reports against the hand-checked gold (tests/gold/citations.jsonl),
scored by the project's scorer on the dataset `baocao run corpora/seeds` writes."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from conftest import GOLD, SEEDS, load_gold, read_table


@pytest.fixture(scope="module")
def citation_scores(seed_dataset):
    spec = importlib.util.spec_from_file_location("gold_score", GOLD / "score.py")
    score = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score)
    ctx = score.Ctx(str(seed_dataset), str(GOLD), str(SEEDS), show=50)
    score.load_gold(ctx)
    score.map_documents(ctx)
    score.score_citations(ctx)
    return ctx.scores.values, ctx.misses.get("citations", [])


def test_precision_and_recall(citation_scores):
    values, misses = citation_scores
    assert values["citations.precision"] >= 0.98, misses
    assert values["citations.recall"] >= 0.98, misses


@pytest.mark.parametrize("field", ["doc_type", "number", "year", "symbol", "type_code", "issuer_code",
                                   "family", "date", "via", "relation"])
def test_each_field_on_matches(citation_scores, field):
    values, misses = citation_scores
    assert values[f"citations.{field}_acc"] >= 0.97, [m for m in misses if m["kind"] == "wrong " + field]


def test_every_gold_anomaly_is_reported(citation_scores):
    values, misses = citation_scores
    assert values["citations.anomaly_recall"] == 1.0, [m for m in misses if m["kind"] == "missed anomaly"]


def test_rows_carry_contract_fields_and_resolve_relation_sources(seed_dataset):
    rows = read_table(seed_dataset, "citations")
    ids = {r["citation_id"] for r in rows}
    docs = {d["doc_id"]: d["text"] for d in read_table(seed_dataset, "documents")}
    assert rows and len(ids) == len(rows)
    for r in rows:
        assert docs[r["doc_id"]][r["char_start"]:r["char_end"]] == r["text"]
        assert r["instrument_key"]
        assert r["relation_source"] is None or r["relation_source"] in ids
        if r["via"] == "footnote":
            assert r["anchor_start"] is not None and r["anchor_start"] < r["char_start"]
    gold_fn = [g for g in load_gold("citations") if g.get("footnote")]
    got_fn = {(r["char_start"], r["anchor_start"]) for r in rows if r["via"] == "footnote"}
    assert {(g["start"], g["anchor_start"]) for g in gold_fn} <= got_fn


def test_corpus_tables_link_the_seed_instruments(seed_dataset):
    instruments = {r["instrument_key"]: r for r in read_table(seed_dataset, "instruments")}
    edges = read_table(seed_dataset, "citation_edges")
    # KH 47-KH/TU of the Bắc Giang Tỉnh ủy is cited by reports 000 and 004
    k47 = [k for k in instruments if k.startswith("47-KH/TU")]
    assert len(k47) == 1 and instruments[k47[0]]["n_documents"] == 2
    # "Kế hoạch số 80/KH-UBND ... về thực hiện Kế hoạch số 112/KH-UBND": 80 implements 112
    assert any(e["relation"] == "implements" and e["src_key"].startswith("80/KH-UBND@2018")
               and e["dst_key"].startswith("112/KH-UBND@2018") for e in edges)
    # "Nghị định số 113/2018/NĐ-CP ... sửa đổi, bổ sung một số điều của Nghị định số 108/2014/NĐ-CP"
    assert any(e["relation"] == "amends" and e["src_key"] == "113/2018/NĐ-CP" and e["dst_key"] == "108/2014/NĐ-CP"
               for e in edges)
    # every document cites what it mentions, once per instrument
    cites = [(e["doc_id"], e["dst_key"]) for e in edges if e["relation"] == "cites"]
    assert len(cites) == len(set(cites))
    assert all(e["src_key"] == "doc:" + e["doc_id"] for e in edges if e["relation"] == "cites")
    assert set(k for _, k in cites) <= set(instruments)


def test_reports_without_citations_have_none(seed_dataset):
    by_doc = {}
    for r in read_table(seed_dataset, "citations"):
        by_doc.setdefault(r["doc_id"], []).append(r)
    docs = {Path(d["source_path"]).stem: d["doc_id"] for d in read_table(seed_dataset, "documents")}
    gold_docs = {g["doc"] for g in load_gold("citations")}
    for stem, doc_id in docs.items():
        if stem not in gold_docs:
            assert by_doc.get(doc_id, []) == []
