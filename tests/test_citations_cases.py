"""The 80 cases of spec/doc-number-cases.jsonl (copied to tests/data): 72 positives parsed exactly,
8 negatives find nothing."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractors.citations import find_citations

CASES = [json.loads(line) for line in
         (Path(__file__).parent / "data" / "doc-number-cases.jsonl").read_text(encoding="utf-8").splitlines()
         if line.strip()]
EXACT = ["family", "doc_type", "type_code", "number", "year", "issuer_code", "date", "ref"]
WHEN_GIVEN = ["extra", "term", "cited"]


def _value(c, field):
    v = getattr(c, field)
    if field == "date" and v is not None:
        return v.isoformat()
    if field == "extra":
        return list(v)
    return v


def test_the_case_file_is_complete():
    assert len(CASES) == 80
    assert sum(1 for c in CASES if not c["expect"]) == 8


@pytest.mark.parametrize("case", CASES, ids=[f"{c['id']:02d}" for c in CASES])
def test_case(case):
    got = find_citations(case["input"])
    assert len(got) == len(case["expect"]), [c.text for c in got]
    for c, exp in zip(got, case["expect"]):
        for field in EXACT:
            assert _value(c, field) == exp.get(field), (field, c.text)
        for field in WHEN_GIVEN:
            if field in exp:
                assert _value(c, field) == exp[field], (field, c.text)
        assert set(exp.get("flags", ())) <= set(c.flags)
        # the span is the mention as written, and the ref is in it once spaces, look-alikes, the
        # ASCII-D and case repairs are folded away
        assert case["input"][c.start:c.end] == c.text

        def fold(s):
            s = "".join(s.split()).replace("\u00d0", "Đ").replace("\u2011", "-").replace("\u2013", "-")
            return s.replace("Đ", "D").upper()
        assert fold(c.ref) in fold(c.text)
