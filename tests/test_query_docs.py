"""docs/QUERIES.md shows real output: each documented query is re-run on the sample corpus.

Each ```console block of the document holds `$ baocao query data/ "SQL"` and the output that
command printed on the dataset `baocao run corpora/ --out data/` writes. The test runs the same
commands and compares. When the extractors change what the sample corpus yields, regenerate
the outputs with

    .venv/bin/python tests/test_query_docs.py --write
"""
from __future__ import annotations

import re
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "QUERIES.md"
BLOCK = re.compile(r"```console\n\$ (baocao query data/ .*?)\n(.*?)```", re.S)


def build_dataset(out: Path) -> Path:
    from pipeline.run import run

    run([ROOT / "corpora"], out, workers=1, quiet=True)
    return out


def run_command(command: str, data: Path) -> str:
    args = shlex.split(command.replace("\\\n", " "))
    assert args[:3] == ["baocao", "query", "data/"]
    r = subprocess.run([sys.executable, "-m", "pipeline.cli", "query", str(data), *args[3:]],
                       cwd=ROOT, capture_output=True, timeout=120)
    assert r.returncode == 0, r.stderr.decode()
    return r.stdout.decode("utf-8")


@pytest.fixture(scope="module")
def corpus_dataset(tmp_path_factory) -> Path:
    return build_dataset(tmp_path_factory.mktemp("corpora-dataset"))


def test_queries_doc_has_one_query_per_user_type():
    text = DOC.read_text(encoding="utf-8")
    assert [h for h in re.findall(r"^## (.+)$", text, re.M)][:3] == [
        "Analyst: dossier totals per province and period",
        "Auditor: the checks that fail, with their arithmetic",
        "Researcher: instruments cited by more than one report"]
    assert len(BLOCK.findall(text)) == 3


def test_documented_outputs_are_what_the_commands_print(corpus_dataset):
    for command, shown in BLOCK.findall(DOC.read_text(encoding="utf-8")):
        assert run_command(command, corpus_dataset) == shown, command


def write(doc: Path = DOC) -> None:
    with tempfile.TemporaryDirectory() as d:
        data = build_dataset(Path(d))
        text = doc.read_text(encoding="utf-8")
        text = BLOCK.sub(lambda m: f"```console\n$ {m.group(1)}\n{run_command(m.group(1), data)}```", text)
        doc.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    if sys.argv[1:] == ["--write"]:
        sys.path.insert(0, str(ROOT))
        write()
        print(f"rewrote the outputs in {DOC}")
    else:
        print(__doc__)
