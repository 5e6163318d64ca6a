"""Segmentation, extractors and checks take time linear in the length of a report, even when the
report is one single line (a PDF extracted without line breaks).

The texts are the seed reports with their line breaks replaced by spaces (or removed), repeated
to 100 KB and to 1 MB. A stage that scans from the start of the line (or of the sentence, or of
the text) for every number is quadratic: ten times the text then costs a hundred times the time.
The bound is on the ratio of CPU times, not on absolute times, so a slow machine does not fail it.
"""
from __future__ import annotations

import time
from pathlib import Path

import pytest

from pipeline.process import STAGES, _load, load_doc

ROOT = Path(__file__).resolve().parent.parent
MAX_RATIO = 15   # 10 for a linear pipeline; a quadratic stage gives ~100


def one_line_report(size: int, joiner: str, copy: int = 0) -> bytes:
    """`size` bytes of seed text on one line; `copy` makes each text differ (stages cache their
    work per text)."""
    seeds = sorted((ROOT / "corpora" / "seeds").glob("*.txt"))
    line = f"Bản {copy}. " + " ".join(joiner.join(p.read_text(encoding="utf-8").split("\n")) for p in seeds)
    data = ((line + " ") * (size // len(line.encode("utf-8")) + 1)).encode("utf-8")[:size]
    return data.decode("utf-8", "ignore").encode("utf-8")


def stage_seconds(data: bytes) -> float:
    """CPU seconds of segment + every extractor and check on `data` (ingest not counted)."""
    from pipeline.segment import segment

    doc, _ = load_doc(data, Path("one-line.txt"), "one-line.txt")
    t0 = time.process_time()
    segment(doc)
    rows: dict[str, list] = {}
    for _, spec in STAGES:
        for table, new in _load(spec)(doc, rows).items():
            rows.setdefault(table, []).extend(new)
    seconds = time.process_time() - t0
    assert rows.get("dossier_stats") and rows.get("percentages") and rows.get("citations")
    return seconds


@pytest.mark.parametrize("joiner", [" ", ""], ids=["breaks-as-spaces", "breaks-removed"])
def test_one_line_report_time_is_linear(joiner):
    stage_seconds(one_line_report(20_000, joiner))   # warm-up: imports, lazy tables
    # the fastest of two on both sides: one VM hiccup during a single 1 MB pass once read 15.3x
    small = min(stage_seconds(one_line_report(100_000, joiner, k)) for k in (1, 2))
    large = min(stage_seconds(one_line_report(1_000_000, joiner, k)) for k in (3, 4))
    assert large / small <= MAX_RATIO, f"100 KB: {small:.2f} s, 1 MB: {large:.2f} s ({large / small:.1f}x)"
