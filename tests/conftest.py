"""Shared test fixtures. Tests that need ../shared (external corpora) skip when it is absent."""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "corpora" / "seeds"
GOLD = Path(__file__).resolve().parent / "gold"
SHARED = ROOT.parent / "shared"
# the browser tests' Chromium: Debian's (make system-deps), never a Playwright download
CHROMIUM = os.environ.get("BAOCAO_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def need_browser():
    missing = []
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing.append("the playwright package")
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        missing.append(f"Chromium at {CHROMIUM} (Debian package chromium)")
    if missing:
        if os.environ.get("CI"):
            pytest.fail("browser tests need " + " and ".join(missing))
        pytest.skip("browser tests need " + " and ".join(missing))


@pytest.fixture(scope="module")
def browser():
    need_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:  # Playwright gives the browser a fresh temporary profile
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def load_gold(name: str) -> list[dict]:
    with open(GOLD / f"{name}.jsonl", encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def seed_texts() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]


def shared_texts(shared_dir: Path, head: int) -> list[str]:
    """The opening `head` characters of every text of ../shared's corpora (all of them take minutes)."""
    paths = sorted((shared_dir / "corpora").rglob("*.txt"))
    assert paths
    return [p.read_text(encoding="utf-8", errors="replace")[:head] for p in paths]


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not (SHARED / "corpora").is_dir():
        pytest.skip("../shared is not present")
    return SHARED


@pytest.fixture(scope="session")
def seed_dataset(tmp_path_factory) -> Path:
    """The dataset `baocao run corpora/seeds` writes, built once per test session."""
    from pipeline.run import run

    out = tmp_path_factory.mktemp("seed-dataset")
    run([SEEDS], out, workers=1, quiet=True)
    return out


def read_table(dataset: Path, table: str):
    import pyarrow.dataset as ds

    return ds.dataset(dataset / table, format="parquet", partitioning="hive").to_table().to_pylist()
