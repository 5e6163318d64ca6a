"""Segmentation of the five seed reports, scored against the hand-checked gold.

Sections: a prediction matches a gold heading of the same document with the same numbering and
a start within 5 characters (the scorer's rule); F1 and level accuracy must reach 0.98 and every
gold duplicate_numbering must be flagged. Documents: every non-null gold value of the fields
the issue lists must be read exactly (after the scorer's normalisation), title and issuing body
for at least 4 of the 5 reports. One end-to-end test runs tests/gold/score.py on the dataset
that `baocao run corpora/seeds` writes.
"""
from __future__ import annotations

import datetime as dt
import importlib.util
import re
import unicodedata
from pathlib import Path

import pytest

from conftest import GOLD, SEEDS, load_gold
from pipeline.process import load_doc
from pipeline.segment import segment

SEED_NAMES = sorted(p.stem for p in SEEDS.glob("*.txt"))


@pytest.fixture(scope="module")
def docs():
    out = {}
    for name in SEED_NAMES:
        path = SEEDS / f"{name}.txt"
        doc, _ = load_doc(path.read_bytes(), path, path.name)
        segment(doc)
        out[name] = doc
    return out


def _norm(v):
    if v is None:
        return None
    if isinstance(v, dt.date):
        return v.isoformat()
    s = re.sub(r"\s+", " ", unicodedata.normalize("NFC", str(v))).strip().casefold()
    return s or None


def _match_sections(docs):
    gold = load_gold("sections")
    tp, pairs, n_pred = 0, [], 0
    for name, doc in docs.items():
        G = [g for g in gold if g["doc"] == name]
        P = doc.sections
        n_pred += len(P)
        used = set()
        for g in G:
            best = None
            for i, p in enumerate(P):
                if i in used or p["numbering"] != g["numbering"]:
                    continue
                d = abs(p["char_start"] - g["start"])
                if d <= 5 and (best is None or d < best[0]):
                    best = (d, i)
            if best is not None:
                used.add(best[1])
                pairs.append((P[best[1]], g))
    tp = len(pairs)
    return tp, n_pred, len(gold), pairs


def test_sections_f1_and_levels(docs):
    tp, n_pred, n_gold, pairs = _match_sections(docs)
    precision, recall = tp / n_pred, tp / n_gold
    f1 = 2 * precision * recall / (precision + recall)
    assert f1 >= 0.98, (tp, n_pred, n_gold)
    level_acc = sum(p["level"] == g["level"] for p, g in pairs) / len(pairs)
    assert level_acc >= 0.98
    heading_acc = sum(_norm(p["heading"]) == _norm(g["heading"]) for p, g in pairs) / len(pairs)
    assert heading_acc >= 0.98


def test_every_duplicate_numbering_is_flagged(docs):
    _, _, _, pairs = _match_sections(docs)
    dups = [(p, g) for p, g in pairs if g.get("anomaly") == "duplicate_numbering"]
    assert len(dups) == 5
    assert all(p["anomaly"] == "duplicate_numbering" for p, _ in dups)
    # and nothing else is flagged in the seeds: the nested lists of 002 restart under a new parent
    flagged = [s for d in docs.values() for s in d.sections if s["anomaly"]]
    assert len(flagged) == 5


def test_section_rows_are_a_consistent_tree(docs):
    for doc in docs.values():
        ids = {s["section_id"] for s in doc.sections}
        starts = [s["char_start"] for s in doc.sections]
        assert starts == sorted(starts)
        for s in doc.sections:
            assert s["parent_id"] is None or s["parent_id"] in ids
            assert s["char_start"] < s["char_end"] <= s["body_end"] <= len(doc.text)
            assert doc.text[s["char_start"]:s["char_end"]].strip()


@pytest.mark.parametrize("field", ["doc_number", "issue_date", "place", "kind", "admin_level",
                                   "province", "signer", "period_start", "period_end",
                                   "period_label", "signer_title"])
def test_document_fields_all_correct(docs, field):
    for g in load_gold("documents"):
        if g.get(field) is None:
            continue
        got = docs[g["doc"]].meta.get(field)
        if field == "doc_number":
            got = None if got is None else got.replace(" ", "")
        assert _norm(got) == _norm(g[field]), (g["doc"], field, got, g[field])


@pytest.mark.parametrize("field", ["title", "issuing_body"])
def test_document_title_and_issuer_for_four_of_five(docs, field):
    gold = [g for g in load_gold("documents") if g.get(field) is not None]
    right = sum(_norm(docs[g["doc"]].meta.get(field)) == _norm(g[field]) for g in gold)
    assert right >= min(4, len(gold))


def test_header_number_span_is_the_self_citation(docs):
    doc = docs["000_eb60bfc273ad20a5"]
    s, e = doc.meta["doc_number_span"]
    assert doc.text[s:e] == "Số: 417 /BC-UBND" and (s, e) == (2, 18)
    # 003 has no header number: it comes from the appendix headers, every one of them listed
    doc = docs["003_4b702f54e3f3f105"]
    mentions = [doc.text[s:e] for s, e in doc.meta["self_mentions"]]
    assert len(mentions) == 6 and mentions[0] == "Báo cáo số: 10/BC-UBND ngày 14 tháng 02 năm 2017"


def test_footnotes_of_004_are_separated_and_linked(docs):
    doc = docs["004_8e7e0c5665fc3c79"]
    assert len(doc.footnotes) == 34
    anchors = {}
    for c in load_gold("citations"):
        if c["doc"] == "004_8e7e0c5665fc3c79" and c.get("footnote"):
            anchors.setdefault(c["footnote"], c["anchor_start"])
    by_marker = {_superscript_int(f["marker"]): f for f in doc.footnotes}
    assert sorted(by_marker) == list(range(1, 35))
    assert len(anchors) >= 30
    for n, a in anchors.items():
        assert by_marker[n]["anchor_start"] == a
    f1 = by_marker[1]
    assert f1["text"] == "Kế hoạch số 4476/KH-UBND ngày 13/12/2019"
    assert doc.text[f1["char_start"]:f1["char_end"]] == "¹ Kế hoạch số 4476/KH-UBND ngày 13/12/2019"
    # no footnote line is taken for a heading, and the body sentence cut by a block reads whole
    from pipeline.segment.footnotes import body_view
    body, offsets = body_view(doc.text, doc.meta["footnote_blocks"])
    assert "rà soát văn bản và kiểm tra công tác pháp chế năm 2020" in body
    assert "Kế hoạch số 4476" not in body
    assert all(body[i] == doc.text[offsets[i]] or body[i] == " " for i in range(len(body)))


def _superscript_int(marker):
    return int(marker.translate(str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")))


def test_appendix_tables_of_003(docs):
    doc = docs["003_4b702f54e3f3f105"]
    tables = {}
    for r in doc.table_rows:
        tables.setdefault(r["table_id"], []).append(r)
    assert [rows[0]["appendix"] for rows in tables.values()] == [f"Phụ lục {i}" for i in range(1, 7)]
    first = list(tables.values())[0]
    assert first[0]["is_header"] and first[0]["cells"][0] == "STT"
    assert first[1]["cells"] == ["1", "Kế hoạch cải cách hành chính năm 2017", "12/2016", "06", "06", None]
    assert first[2]["cells"][2:] == [None, None, None, None]
    for r in doc.table_rows:  # every cell span holds that cell's text
        for c, s, e in zip(r["cells"], r["cell_starts"], r["cell_ends"]):
            assert (c is None) == (s is None)
            if c is not None:
                assert " ".join(doc.text[s:e].split()) == c
    # Phụ lục 2 goes on after the page break and its stray "C" lines: one table, 2 header rows
    p2 = list(tables.values())[1]
    assert sum(r["is_header"] for r in p2) == 2
    assert [r["cells"][0] for r in p2 if r["cells"][0] and r["cells"][0].rstrip(".").isdigit()][-1] == "30"


def test_debris_of_003(docs):
    doc = docs["003_4b702f54e3f3f105"]
    assert [doc.text[s:e] for s, e in doc.debris] == ["C", "C", "U", "U", "(2)", "34", "0", "0"]
    assert all(not d.debris for n, d in docs.items() if n != "003_4b702f54e3f3f105")


def test_web_boilerplate_of_002_matches_the_gold(docs):
    for g in load_gold("documents"):
        doc = docs[g["doc"]]
        got = [doc.text[s:e].strip() for s, e in doc.meta["boilerplate"]]
        assert got == [b.strip() for b in g["boilerplate"]], g["doc"]


def _score_module():
    spec = importlib.util.spec_from_file_location("score", GOLD / "score.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_scorer_on_the_seed_dataset(seed_dataset, capsys):
    score = _score_module()
    keys = ["sections.f1=0.98", "sections.level_acc=0.98", "sections.duplicate_numbering_recall=1.0",
            *(f"documents.{f}_acc=1.0" for f in ("doc_number", "issue_date", "place", "kind",
                                                 "admin_level", "province", "signer",
                                                 "period_start", "period_end")),
            # title for 4 of the 5 seeds; the issuer is given for 4 of them and 001 has none
            "documents.title_acc=0.8", "documents.issuing_body_acc=1.0"]
    rc = score.main([str(seed_dataset), "--gold", str(GOLD), "--seeds", str(SEEDS), "--min", *keys])
    out = capsys.readouterr().out
    assert rc == 0, out
