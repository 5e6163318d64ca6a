"""Compiles the text stages with mypyc; everything else about the package is in pyproject.toml.

The extractors, the segmenter and the checks spend much of their time in Python-level work
around their regex calls (loops over numbers, lines and matches; the rows they build). mypyc turns
those modules (and the document model and the row-to-Arrow writer they call per row) into C
extensions beside their sources (same code, same rows:
tests/test_compiled.py), which takes 1.14x fewer instructions per document (BENCHMARKS.md, session
6). `BAOCAO_PURE_PYTHON=1 pip install -e .` skips the compilation: the modules then run as plain
Python, more slowly.
"""
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent
# Not compiled: spaCy glue; the checks' Context (cached properties); and the packages' __init__
# modules (the rule registry imports every rule; a compiled package __init__ that imports its own
# submodules recurses). The corpus-wide date check is compiled: it runs once per build, but over
# every dated mention of the corpus, after the workers are done (23 % fewer instructions).
_NOT_COMPILED = {"extractors/spacy_pipeline.py", "pipeline/checks/model.py"}
COMPILED = [
    p.relative_to(ROOT).as_posix()
    for d in ("extractors", "pipeline/segment", "pipeline/checks") for p in sorted((ROOT / d).rglob("*.py"))
    if p.name != "__init__.py" and p.relative_to(ROOT).as_posix() not in _NOT_COMPILED
] + ["pipeline/boilerplate.py", "pipeline/model.py", "pipeline/writer.py"]


def _setup() -> None:
    from setuptools import setup
    from setuptools.command.build_ext import build_ext

    class parallel_build_ext(build_ext):
        """One C extension per module (separate=True), compiled on every core."""

        def finalize_options(self):
            super().finalize_options()
            self.parallel = self.parallel or os.cpu_count()

    ext_modules = []
    if not os.environ.get("BAOCAO_PURE_PYTHON"):
        from mypyc.build import mypycify

        ext_modules = mypycify(["--ignore-missing-imports", *COMPILED], separate=True)
    setup(ext_modules=ext_modules, cmdclass={"build_ext": parallel_build_ext})


if __name__ == "__main__":   # setuptools runs this file as __main__; tests read COMPILED from it
    _setup()
