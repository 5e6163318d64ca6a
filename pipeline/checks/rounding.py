"""Rounding intervals for reported figures (statcheck / GRIM / XBRL-calculation style).

A figure reported with k decimals stands for every exact value that rounds to it: "95,45%" (k = 2)
stands for [95.445, 95.455]. Both ends are closed, so a writer who rounds half-up and one who
rounds half-to-even both pass. All arithmetic is exact (fractions.Fraction): no binary floating
point decides a check. The comparisons are made on the integers of the fractions
(numerators and denominators): Python's Fraction arithmetic is interpreted and costs
microseconds per operation, and a document has hundreds.

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
    s = 10 ** k
    num, den = exact.numerator * s, exact.denominator
    n = num // den
    if 2 * (num - n * den) >= den:   # the part after the k-th decimal is at least one half
        n += 1
    return Fraction(n, s)


def classify(exact: Fraction, reported, k: int) -> str:
    r = as_fraction(reported, k)
    s = 10 ** k
    # exact - r as d / (exact's denominator * r's denominator), which is positive
    d = exact.numerator * r.denominator - r.numerator * exact.denominator
    both = exact.denominator * r.denominator
    if 2 * s * abs(d) <= both:    # |exact - r| <= 1 / (2 * 10^k): in the rounding interval
        return "ok"
    if d >= 0 and s * d < both:   # r <= exact < r + 1 / 10^k
        return "truncated"
    return "off"


def percent(numerator: int, denominator: int) -> Fraction:
    return Fraction(100 * int(numerator), int(denominator))


def show(x: Fraction, k: int) -> str:
    """A value to k decimals with the Vietnamese decimal comma ("8,06")."""
    from extractors.numbers import render_decimal
    return render_decimal(x, k)
