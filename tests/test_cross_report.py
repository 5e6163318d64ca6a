"""Cross-report checks (`cross_findings`): one instrument dated differently by different reports."""
from __future__ import annotations

import datetime as dt

from conftest import read_table
from pipeline.checks.cross_report import cross_report_findings
from pipeline.run import run

D1, D2, D3 = dt.date(2018, 4, 23), dt.date(2018, 4, 25), dt.date(2018, 5, 2)


def mention(doc: str, n: int, key: str, date, via: str = "inline", ocr: bool = False) -> dict:
    return {"doc_id": doc * 8, "citation_id": f"{doc}-C{n}", "char_start": 10 * n, "char_end": 10 * n + 5,
            "instrument_key": key, "ref": key.split("@")[0].split("~")[0], "date": date, "via": via, "ocr": ocr}


def verdicts(rows: list[dict]) -> dict[str, tuple]:
    return {r["evidence"][0]: (r["status"], r["severity"], r["expected_date"]) for r in rows}


def test_the_date_most_documents_give_is_expected():
    key = "61/2018/NĐ-CP"
    rows = cross_report_findings([mention("a", 1, key, D1), mention("b", 1, key, D1), mention("b", 2, key, D1),
                                  mention("c", 1, key, D2), mention("d", 1, "7/2019/NĐ-CP", D3)])
    assert verdicts(rows) == {"a-C1": ("pass", "info", D1), "b-C1": ("pass", "info", D1),
                              "b-C2": ("pass", "info", D1), "c-C1": ("fail", "warning", D1)}
    (fail,) = [r for r in rows if r["status"] == "fail"]
    assert fail["message"] == "61/2018/NĐ-CP dated 25/04/2018 here; 2 other document(s) date it 23/04/2018"
    assert fail["other_doc_ids"] == ["a" * 8, "b" * 8] and fail["evidence"][1:] == ["a-C1", "b-C1", "b-C2"]


def test_an_instrument_many_documents_date_lists_twenty_of_them_and_counts_all():
    """A decree cited by every report of a province: each row names at most 20 other documents
    (the first by doc_id, never its own) and counts them all; the majority still decides."""
    key = "61/2018/NĐ-CP"
    docs = [f"{i:03d}" for i in range(30)]
    rows = cross_report_findings([mention(d, 1, key, D2 if d == "007" else D1) for d in docs])
    assert len(rows) == 30 and {r["n_other_docs"] for r in rows} == {29}
    for r in rows:
        own = r["doc_id"]
        assert r["other_doc_ids"] == [d * 8 for d in docs if d * 8 != own][:20]
    (fail,) = [r for r in rows if r["status"] == "fail"]
    assert fail["doc_id"] == "007" * 8 and "29 other document(s) date it 23/04/2018" in fail["message"]


def test_the_cited_document_in_the_corpus_settles_its_date():
    key = "417/BC-UBND@2018~Bắc Giang"
    own = mention("a", 1, key, D3, via="self")
    rows = cross_report_findings([own, mention("b", 1, key, D1), mention("c", 1, key, D1),
                                  mention("d", 1, key, D3)],
                                 [{"doc_id": "a" * 8, "issue_date": D3}])
    assert verdicts(rows) == {"b-C1": ("fail", "error", D3), "c-C1": ("fail", "error", D3),
                              "d-C1": ("pass", "info", D3)}
    assert "itself is dated 02/05/2018" in rows[0]["message"]


def test_a_cited_document_without_an_issue_date_is_dated_by_its_own_mentions():
    """The date its own mentions give most; on a tie, the first of them."""
    key = "417/BC-UBND@2018~Bắc Giang"
    own = [mention("a", 1, key, D3, via="self"), mention("a", 2, key, D1, via="self")]
    assert verdicts(cross_report_findings(own + [mention("b", 1, key, D1)])) == {"b-C1": ("fail", "error", D3)}
    own.append(mention("a", 3, key, D1, via="self"))
    assert verdicts(cross_report_findings(own + [mention("b", 1, key, D1)])) == {"b-C1": ("pass", "info", D1)}


def test_ties_ocr_and_local_numbers_are_warnings():
    national, local = "61/2018/NĐ-CP", "94/KH-UBND@2018~Bắc Giang"
    tie = verdicts(cross_report_findings([mention("a", 1, national, D1), mention("b", 1, national, D2)]))
    assert tie == {"a-C1": ("fail", "warning", None), "b-C1": ("fail", "warning", None)}
    rows = cross_report_findings([mention("a", 1, local, D1), mention("b", 1, local, D1),
                                  mention("c", 1, local, D2), mention("d", 1, local, D3, ocr=True)])
    fails = {r["evidence"][0]: r["message"] for r in rows if r["status"] == "fail"}
    assert fails["c-C1"].endswith("or two bodies of the province gave plans the same number")
    assert fails["d-C1"].endswith("this may be an OCR misreading")


def test_names_short_forms_and_single_documents_are_not_compared():
    rows = cross_report_findings([mention("a", 1, "named:Luật:đất đai", D1), mention("b", 1, "named:Luật:đất đai", D2),
                                  mention("a", 2, "short:Nghị định:61", D1), mention("b", 2, "short:Nghị định:61", D2),
                                  mention("c", 1, "7/2019/NĐ-CP", D1), mention("c", 2, "7/2019/NĐ-CP", D2)])
    assert rows == []


def test_two_reports_that_date_a_decree_differently(tmp_path):
    body = ("ỦY BAN NHÂN DÂN\nTỈNH BẮC GIANG\nSố: {n}/BC-UBND\n\nBÁO CÁO\nKết quả cải cách hành chính năm 2019\n\n"
            "I. KẾT QUẢ\nThực hiện Nghị định số 61/2018/NĐ-CP ngày {d} của Chính phủ, tỉnh đã tiếp nhận 120 hồ sơ.\n")
    inp = tmp_path / "in"
    inp.mkdir()
    for name, n, d in (("a", 10, "23/4/2018"), ("b", 11, "23/4/2018"), ("c", 12, "25/4/2018")):
        (inp / f"{name}.txt").write_text(body.format(n=n, d=d), encoding="utf-8")
    out = tmp_path / "out"
    run([inp], out, workers=1, quiet=True)
    docs = {d["doc_id"]: d["source_path"] for d in read_table(out, "documents")}
    rows = read_table(out, "cross_findings")
    got = sorted((docs[r["doc_id"]], r["status"], r["reported_date"], r["expected_date"]) for r in rows)
    assert got == [("a.txt", "pass", D1, D1), ("b.txt", "pass", D1, D1), ("c.txt", "fail", D2, D1)]
    (fail,) = [r for r in rows if r["status"] == "fail"]
    text = next(d["text"] for d in read_table(out, "documents") if d["doc_id"] == fail["doc_id"])
    assert text[fail["char_start"]:fail["char_end"]].startswith("Nghị định số 61/2018/NĐ-CP")


def test_the_tvpl_crawl_has_one_date_disagreement(shared_dir, tmp_path):
    """Decree 115/2024 dates the law list ending in 32/2024/QH15 '26 tháng 6 năm 2024'; nine other
    texts of the crawl give the same list '29 tháng 6 năm 2024'."""
    out = tmp_path / "out"
    run([shared_dir / "corpora" / "tvpl-johnpa02" / "crawl"], out, quiet=True)
    docs = {d["doc_id"]: d["source_path"] for d in read_table(out, "documents")}
    fails = [(docs[r["doc_id"]], r["instrument_key"], r["reported_date"], r["expected_date"])
             for r in read_table(out, "cross_findings") if r["status"] == "fail"]
    assert fails == [("dat_dai/Nghị_định_115_2024_NĐ-CP.txt", "32/2024/QH15", dt.date(2024, 6, 26),
                      dt.date(2024, 6, 29))]


def _by_the_rules(mentions: list[dict], issue_dates: dict) -> dict[str, tuple]:
    """The module docstring's rules read plainly, mention by mention: citation_id -> (status,
    severity, expected date, other documents, n_other_docs, the evidence after the mention)."""
    out = {}
    for c in mentions:
        if c["via"] == "self":
            continue
        same = sorted((m for m in mentions if m["instrument_key"] == c["instrument_key"]),
                      key=lambda m: (m["doc_id"], m["char_start"]))
        docs = sorted({m["doc_id"] for m in same})
        if len(docs) < 2:
            continue
        own = [m for m in same if m["via"] == "self"]
        if own:
            dates = [m["date"] for m in own]
            expected = issue_dates.get(own[0]["doc_id"]) or max(dates, key=lambda d: (dates.count(d), -dates.index(d)))
            givers = own[:1]
        else:
            first_seen = list(dict.fromkeys(m["date"] for m in same))
            n_docs = {d: len({m["doc_id"] for m in same if m["date"] == d}) for d in first_seen}
            top = max(n_docs.values())
            tied = [d for d in first_seen if n_docs[d] == top]
            expected = tied[0] if len(tied) == 1 else None
            givers = [m for m in same if m["date"] == expected]
        agrees = expected is not None and c["date"] == expected
        severity = "info" if agrees else "error" if own and not c["ocr"] else "warning"
        out[c["citation_id"]] = ("pass" if agrees else "fail", severity, expected,
                                 [d for d in docs if d != c["doc_id"]][:20], len(docs) - 1,
                                 [] if agrees else [g["citation_id"] for g in givers[:5]])
    return out


def test_the_query_follows_the_rules_on_a_varied_corpus():
    """Instruments dated by 1-25 documents, agreeing or not, some cited by their own document
    (with and without an issue date): the query's verdicts are those of the rules read plainly."""
    import random

    rnd = random.Random(7)
    docs = [f"{i:02d}" for i in range(25)]
    mentions, n = [], 0
    for k in range(60):
        key = f"{k + 1}/2018/NĐ-CP" if k % 3 else f"{k + 1}/KH-UBND@2018~Bắc Giang"
        dates = [D1, D2, D3][:1 + k % 3]
        for d in rnd.sample(docs, 1 + k % 25):
            for _ in range(rnd.choice([1, 1, 2])):
                n += 1
                via = "self" if k % 7 == 0 and d == docs[k % 2] else "inline"
                mentions.append(mention(d, n, key, rnd.choice(dates), via=via, ocr=rnd.random() < 0.1))
    issue_dates = {"00" * 8: D1}   # "01", also cited as itself, has no issue date
    rows = cross_report_findings(mentions, [{"doc_id": d, "issue_date": v} for d, v in issue_dates.items()])
    got = {r["evidence"][0]: (r["status"], r["severity"], r["expected_date"], r["other_doc_ids"],
                              r["n_other_docs"], r["evidence"][1:]) for r in rows}
    expected = _by_the_rules(mentions, issue_dates)
    assert got == expected
    statuses = {(v[0], v[1]) for v in expected.values()}
    assert statuses == {("pass", "info"), ("fail", "warning"), ("fail", "error")}
    for doc in {r["doc_id"] for r in rows}:   # a document's findings are numbered by place
        mine = sorted((r for r in rows if r["doc_id"] == doc), key=lambda r: r["char_start"])
        assert [r["finding_id"] for r in mine] == [f"{doc[:12]}-x{i:04d}" for i in range(1, len(mine) + 1)]
