"""The text stages run as the C extensions setup.py builds with mypyc, and give the same rows as
their Python sources.

mypyc compiles the annotated source as written, but it checks the declared types at run time and
turns some dynamic behaviour static (a module's globals, int/float coercions), so a compiled
stage could differ from the code a reader sees. The second test runs the seeds both ways.
"""
from __future__ import annotations

import importlib
import json
import os
import runpy
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
COMPILED = runpy.run_path(str(ROOT / "setup.py"), run_name="baocao_setup")["COMPILED"]
SEEDS = ROOT / "corpora" / "seeds"
PURE = bool(os.environ.get("BAOCAO_PURE_PYTHON"))

# Processes the seeds and prints their rows as JSON, and which of the project's modules came from
# an extension; with "pure", they are imported from their .py sources even where an extension
# sits beside them.
_ROWS_SCRIPT = r"""
import importlib.machinery as m, json, sys
from pathlib import Path
root, pure = Path(sys.argv[1]), sys.argv[2] == "pure"
if pure:
    def sources_only(path):
        if not any(Path(path).is_relative_to(root / p) for p in ("extractors", "pipeline")):
            raise ImportError
        return m.FileFinder(path, (m.SourceFileLoader, m.SOURCE_SUFFIXES))
    sys.path_hooks.insert(0, sources_only)
    sys.path_importer_cache.clear()
sys.path.insert(0, str(root))
from pipeline.process import process_file
out = {"rows": {}}
for f in sorted((root / "corpora" / "seeds").iterdir()):
    out["rows"][f.name] = {t: [sorted((k, repr(v)) for k, v in r.items()) for r in rows]
                           for t, rows in process_file(f.parent, f).items()}
out["extensions"] = sorted(n for n, mod in sys.modules.items() if n.split(".")[0] in ("pipeline", "extractors")
                          and (getattr(mod, "__file__", None) or "").endswith(".so"))
print(json.dumps(out))
"""


def _rows(mode: str) -> dict:
    done = subprocess.run([sys.executable, "-c", _ROWS_SCRIPT, str(ROOT), mode], capture_output=True,
                          text=True, timeout=600, check=True)
    return json.loads(done.stdout)


def _module(path: str) -> str:
    return path.removesuffix(".py").replace("/", ".")


@pytest.mark.skipif(PURE, reason="BAOCAO_PURE_PYTHON: installed without compiling")
def test_the_text_stages_run_compiled_and_current():
    stale = []
    for path in COMPILED:
        mod = importlib.import_module(_module(path))
        assert mod.__file__.endswith(".so"), f"{path} is not compiled: run `make setup`"
        # the module's shim and its "__mypyc" library: a rebuild in place may redo only the latter
        built = max(os.path.getmtime(f) for f in Path(mod.__file__).parent.glob(f"{Path(path).stem}*.so"))
        if built < os.path.getmtime(ROOT / path):
            stale.append(path)
    assert not stale, f"compiled extensions older than their sources (run `make setup`): {stale}"


@pytest.mark.skipif(PURE, reason="BAOCAO_PURE_PYTHON: nothing compiled to compare")
def test_compiled_and_pure_python_stages_give_the_same_rows():
    compiled, pure = _rows("compiled"), _rows("pure")
    assert "extractors.numbers" in compiled["extensions"] and "pipeline.segment.sections" in compiled["extensions"]
    assert pure["extensions"] == []
    assert len(compiled["rows"]) == len(list(SEEDS.iterdir())) == 5
    for name, tables in pure["rows"].items():
        assert compiled["rows"][name] == tables, name
    # the rows are real: the seeds' 184 citations and 58 dossier figures (gold) are there
    assert sum(len(t.get("citations", [])) for t in pure["rows"].values()) == 184
    assert sum(len(t.get("dossier_stats", [])) for t in pure["rows"].values()) == 58
