"""`regex_at.KEEP_GIL` is passed positionally, so each call must put it where its method takes
`concurrent`: a slip puts it (or the timeout after it) into `endpos`, `overlapped` or `partial`,
which `regex` accepts or fails on only at run time (a `timeout` passed fifth to `fullmatch`
landed in `partial` once). The positions are read from `regex` itself, not from this test."""
from __future__ import annotations

import ast
from pathlib import Path

import regex

from extractors.regex_at import KEEP_GIL

ROOT = Path(__file__).resolve().parent.parent


def _keep_gil_calls():
    for path in sorted([*ROOT.glob("extractors/**/*.py"), *ROOT.glob("pipeline/**/*.py")]):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            names = [i for i, a in enumerate(node.args) if isinstance(a, ast.Name) and a.id == "KEEP_GIL"]
            if names:
                yield path.relative_to(ROOT).as_posix(), node.lineno, node.func.attr, names[0], len(node.args)


def _index_of(method: str, message: str) -> int:
    """The position at which a compiled pattern's `method` takes the argument that, given a str,
    fails with `message`: read from regex's C code by trying, not from its docstrings (which
    leave out `partial`)."""
    p = regex.compile("a")
    for k in range(1, 8):
        try:
            getattr(p, method)("a", *[0] * (k - 1), "x")   # finditer too checks them as it is called
        except (TypeError, ValueError) as e:
            if message in str(e):
                return k
    raise AssertionError(f"{method} takes no argument that fails with {message!r}")


def test_keep_gil_is_the_concurrent_argument_at_every_call():
    calls = list(_keep_gil_calls())
    assert len(calls) >= 30, calls   # the hot call sites of the number grammar, segmenter, ...
    for path, line, method, at, n_args in calls:
        assert at == _index_of(method, "concurrent not int or None"), f"{path}:{line}: KEEP_GIL is not {method}'s `concurrent`"
        if n_args > at + 1:   # what follows it can only be a timeout, at the timeout's place
            assert n_args - 1 == _index_of(method, "timeout not float or None"), f"{path}:{line}"


def test_keep_gil_holds_the_gil_and_matches_the_same():
    assert KEEP_GIL is False   # `concurrent=False`: keep the GIL; True or None would release it
    p = regex.compile(r"\d+")
    text = "tiếp nhận 2.473 hồ sơ; đã giải quyết 2.151"
    assert [m.span() for m in p.finditer(text, 0, None, False, KEEP_GIL)] == [m.span() for m in p.finditer(text)]
    assert p.match(text, 10, None, KEEP_GIL).group(0) == "2"
