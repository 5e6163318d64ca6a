"""Rounding intervals for reported figures (statcheck / GRIM / XBRL-calculation style).

A figure reported with k decimals stands for every exact value that rounds to it: "95,45%" (k = 2)
stands for [95.445, 95.455]. Both ends are closed, so a writer who rounds half-up and one who
rounds half-to-even both pass. All arithmetic is exact (fractions.Fraction): no binary floating
point decides a check.

classify(exact, reported, k):
  "ok"         exact lies in the rounding interval of the reported figure
  "truncated"  exact lies in [reported, reported + 10^-k): the writer cut the digits instead of
               rounding them ("15,909...%" written "15,90%") - a warning, not an error
  "off"        neither: the figure does not follow from its parts
"""
from __future__ import annotations

from fractions import Fraction


def as_fraction(x, k: int | None = None) -> Fraction:
    """Exact value of a reported figure; floats are read through their k-decimal rendering."""
    if isinstance(x, Fraction):
        return x
    if isinstance(x, int):
        return Fraction(x)
    if k is None:
        return Fraction(repr(float(x)))
    return Fraction(round(float(x) * 10 ** k), 10 ** k)


def unit(k: int) -> Fraction:
    """One unit in the last reported place."""
    return Fraction(1, 10 ** k)


def interval(reported, k: int) -> tuple[Fraction, Fraction]:
    """Closed interval of exact values that round to `reported` at k decimals."""
    r = as_fraction(reported, k)
    h = unit(k) / 2
    return r - h, r + h


def round_half_up(exact: Fraction, k: int) -> Fraction:
    q = exact * 10 ** k
    n = q.numerator // q.denominator
    if q - n >= Fraction(1, 2):
        n += 1
    return Fraction(n, 10 ** k)


def classify(exact: Fraction, reported, k: int) -> str:
    r = as_fraction(reported, k)
    lo, hi = interval(r, k)
    if lo <= exact <= hi:
        return "ok"
    if r <= exact < r + unit(k):
        return "truncated"
    return "off"


def percent(numerator: int, denominator: int) -> Fraction:
    return Fraction(100 * int(numerator), int(denominator))


def show(x: Fraction, k: int) -> str:
    """A value to k decimals with the Vietnamese decimal comma ("8,06")."""
    from extractors.numbers import render_decimal
    return render_decimal(x, k)
