"""The dataclasses that write out their own __init__ (mypyc compiles it to C, where the one
@dataclass generates runs as Python) take exactly their declared fields: in the declared order,
each argument to its own attribute, with the declared defaults."""
from __future__ import annotations

import ast
import dataclasses
import datetime as dt
import sys
from pathlib import Path

import pytest

from extractors.citations.models import Citation, SymbolParts
from extractors.numbers import Num
from extractors.tabular import Row
from pipeline.segment.sections import Heading, _Node

CLASSES = [Num, Citation, SymbolParts, Heading, _Node, Row]


def _annotations(cls) -> dict[str, str]:
    """The fields' annotations as written in the source (a compiled class's fields say `type`
    for a union)."""
    source = Path(sys.modules[cls.__module__].__file__).with_name(cls.__module__.rsplit(".", 1)[-1] + ".py")
    node = next(n for n in ast.walk(ast.parse(source.read_text())) if isinstance(n, ast.ClassDef) and n.name == cls.__name__)
    return {a.target.id: ast.unparse(a.annotation) for a in node.body if isinstance(a, ast.AnnAssign)}


def _value(annotation: str, i: int):
    """A value of the field's type that no other field of the call gets."""
    t = annotation.strip("'\"").split("|")[0].strip()
    if t == "bool":
        return True   # every bool field defaults to False
    return {"int": 1000 + i, "str": f"v{i}", "tuple": (i,), "tuple[int, ...]": (i,), "tuple[str, ...]": (f"v{i}",),
            "dt.date": dt.date(2000, 1, 1 + i), "dict": {i: i}}.get(t, [f"v{i}"] if t.startswith("list") else None)


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_each_argument_lands_on_its_field(cls):
    fields, written = dataclasses.fields(cls), _annotations(cls)
    values = [_value(written[f.name], i) for i, f in enumerate(fields)]
    for obj in (cls(*values), cls(**{f.name: v for f, v in zip(fields, values)})):
        assert [getattr(obj, f.name) for f in fields] == values


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_defaults_are_the_declared_ones(cls):
    fields, written = dataclasses.fields(cls), _annotations(cls)
    required = [f for f in fields if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING]
    obj = cls(*[_value(written[f.name], i) for i, f in enumerate(required)])
    for f in fields[len(required):]:
        want = f.default if f.default is not dataclasses.MISSING else f.default_factory()
        assert getattr(obj, f.name) == want, f.name
    if any(f.default_factory is not dataclasses.MISSING for f in fields):   # a fresh one each time
        other = cls(*[_value(written[f.name], i) for i, f in enumerate(required)])
        assert all(getattr(obj, f.name) is not getattr(other, f.name)
                   for f in fields if f.default_factory is not dataclasses.MISSING)
