"""Reports written the way the seeds are, with one planted inconsistency of every rule: each is
found, with its rule, and nothing else fails; the clean versions have no failing check at all."""
from __future__ import annotations

import pytest

from reportgen import PLANTS, make_report, run_checks

SEEDS = (1, 7)


def _fails(rows):
    return [f for f in rows["findings"] if f["status"] == "fail"]


def _hits(report, fails):
    return {p.name: [f for f in fails if f["char_start"] < p.end and p.start < f["char_end"]] for p in report.plants}


@pytest.mark.parametrize("seed", (0,) + SEEDS)
def test_clean_reports_have_no_failing_check(seed):
    rows = run_checks(make_report(seed))
    assert _fails(rows) == []
    assert len([f for f in rows["findings"] if f["status"] == "pass"]) >= 20


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("plant", sorted(PLANTS))
def test_each_planted_inconsistency_is_found(seed, plant):
    report = make_report(seed, [plant])
    assert [p.name for p in report.plants] == [plant]
    fails = _fails(run_checks(report))
    hits = _hits(report, fails)[plant]
    assert hits, f"{plant} not found"
    assert PLANTS[plant] in {f["rule"] for f in hits}
    assert all(f["message"] for f in hits)
    stray = [f["message"] for f in fails if f not in hits]
    assert stray == [], "a planted inconsistency must not make other checks fail"


def test_all_plants_at_once():
    report = make_report(3, PLANTS)
    assert {p.name for p in report.plants} == set(PLANTS)
    fails = _fails(run_checks(report))
    missed = [name for name, hits in _hits(report, fails).items()
              if PLANTS[name] not in {f["rule"] for f in hits}]
    assert missed == []
