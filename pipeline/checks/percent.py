"""percentage / fraction / rounding: a reported percentage recomputed from its counts.

For every percentage whose numerator and denominator the text determines (see
`extractors.percentages`), 100 * numerator / denominator is compared with the reported figure
through the rounding interval of its decimals (`rounding.classify`):

  ok         pass (rule "fraction" when the text gives the counts as "x/y", else "percentage")
  truncated  rule "rounding", warning: the digits were cut, not rounded ("14/88 = 15,909...%"
             reported "15,90%")
  off        rule "percentage"/"fraction", error - or a warning when the figure is one unit in the last
             place away (shares nudged to add up to 100%), when the base is inferred rather
             than stated next to the figure (a table header, a population counted elsewhere), when
             the figure is approximate, or when it lies on an OCR page
"""
from __future__ import annotations

from extractors.numbers import render_int
from pipeline.checks import rounding as R
from pipeline.checks.model import Context, Finding, Rule, severity_for

def run(ctx: Context):
    for p in ctx.pcts:
        num, den = p.get("numerator"), p.get("denominator")
        if num is None or den is None or den <= 0 or p.get("approximate"):
            continue   # an approximate figure ("trên 50%") is a threshold or a claim, not a rounding
        k = int(p.get("decimals") or 0)
        exact = R.percent(int(num), int(den))
        verdict = R.classify(exact, p["value"], k)
        basis = p.get("basis")
        rule = "fraction" if basis == "fraction" else "percentage"
        start = min(int(p.get("context_start") if p.get("context_start") is not None else p["char_start"]),  # type: ignore[arg-type]
                    p["char_start"])
        end = p["char_end"]
        lo, hi = R.interval(p["value"], k)
        expected = R.round_half_up(exact, k)
        head = (f"{render_int(int(num))}/{render_int(int(den))} = {R.show(exact, max(k, 2) + 2)}% "
                f"-> {R.show(expected, k)}% at {k} decimal{'s' if k != 1 else ''}")
        if verdict == "ok":
            msg = f"{head}; the text reports {p['text'].strip()}, which stands for [{R.show(lo, k + 1)}, {R.show(hi, k + 1)}]."
            yield Finding(rule, "pass", "info", start, end, msg, float(expected), float(p["value"]),
                          _evidence(p))
            continue
        if verdict == "truncated":
            msg = (f"{head}; the text reports {p['text'].strip()}: the digits were cut instead of rounded "
                   "(truncation).")
            yield Finding("rounding", "fail", "warning", start, end, msg, float(expected), float(p["value"]),
                          _evidence(p))
            continue
        base = "warning" if basis in ("table_header", "table_population") else "error"
        msg = f"{head}, not {p['text'].strip()}."
        if abs(R.as_fraction(p["value"], k) - expected) == R.unit(k):
            base = "warning"
            msg += " One unit in the last place: the shares may have been nudged to add up to 100%."
        if base == "warning":
            msg += (" The base is inferred (" + ("the column header names it" if basis == "table_header" else
                    "the population is counted elsewhere in the report") + "), so it may not be the one meant.")
        sev, note = severity_for(ctx, start, end, base, bool(p.get("approximate")))
        yield Finding(rule, "fail", sev, start, end, msg + note, float(expected), float(p["value"]), _evidence(p))


def _evidence(p: dict) -> list[str]:
    return [p["pct_id"]] + list(p.get("stat_ids") or [])


RULE = Rule("percentage", ("percentages", "dossier_stats"), run)
