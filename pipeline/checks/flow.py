"""sum_total over dossier groups: what came in must equal what was resolved plus what is pending.

Equations, over the figures of one group (one unit, one period), each checked when the text gives
enough of its terms:

  intake     received_total = carried_over + received_new (a mismatch is a warning: some reports
             count the carried-over dossiers outside the received total)
  resolved   resolved_total = resolved_early + resolved_on_time + resolved_late
             (resolved_on_or_before_time stands for early + on time)
  pending    pending_total = pending_in_time + pending_overdue
  flow       inflow = outflow, where
               inflow  = received_total, else carried_over + received_new
               outflow = resolved (total, else its parts) + pending (total, else its parts)
             An "overdue" figure the text does not place (resolved late? still pending?) and
             returned/withdrawn dossiers may or may not be inside the other terms: each reading is
             tried, and a mismatch under several readings is a warning, not an error.
  consistency the same measure reported twice for the same unit and period has one value.

Groups of the same unit whose periods name the same dates ("quý 1/2023 (thời gian: 15/12/2022-
06/3/2023)" and "thời gian: 15/12/2022-06/3/2023") are read together as well, for the equations no
single group can check ("Số hồ sơ đã hoàn thành là 88" in one paragraph against "trước hạn 64, đúng
hạn 10, trể hạn 14" in another).
"""
from __future__ import annotations

from extractors.dossier_vocab import period_dates
from extractors.numbers import render_int
from pipeline.checks.model import Context, Finding, Rule, severity_for, span_of

RESOLVED_PARTS = ("resolved_early", "resolved_on_time", "resolved_on_or_before_time", "resolved_late")
PENDING_PARTS = ("pending_in_time", "pending_overdue")
LABEL = {"received_total": "received", "received_new": "newly received", "carried_over": "carried over",
         "resolved_total": "resolved", "resolved_early": "early", "resolved_on_time": "on time",
         "resolved_on_or_before_time": "on time or early", "resolved_late": "late",
         "pending_total": "pending", "pending_in_time": "pending, not yet due",
         "pending_overdue": "pending, overdue", "overdue": "overdue",
         "returned_or_withdrawn": "returned/withdrawn"}


def _n(v: int) -> str:
    return render_int(int(v))


def _by_metric(stats: list[dict]) -> dict[str, dict] | None:
    out: dict[str, dict] = {}
    for s in stats:
        m = s.get("metric")
        if m not in LABEL:
            continue
        if m in out and out[m]["value"] != s["value"]:
            continue   # reported twice with different values: the consistency check says so
        out.setdefault(m, s)
    return out


def _terms(parts: list[dict]) -> str:
    return " + ".join(f"{LABEL[p['metric']]} {_n(p['value'])}" for p in parts)


def _finding(ctx: Context, rule: str, ok: bool, base_sev: str, total: dict, used: list[dict],
             expected: int, reported: int, message: str) -> Finding:
    spans = [(s["char_start"], s["char_end"]) for s in used]
    start, end = span_of(spans, (total["char_start"], total["char_end"]))
    approx = any(s.get("approximate") for s in used)
    sev, note = ("info", "") if ok else severity_for(ctx, start, end, base_sev, approx)
    return Finding(rule, "pass" if ok else "fail", sev, start, end, message + note, float(expected),
                   float(reported), [s["stat_id"] for s in sorted(used, key=lambda s: s["char_start"])])


def _equations(ctx: Context, by: dict[str, dict], scope: str, only_cross: set | None = None):
    """Findings of the three equations over one set of figures. `only_cross`: group ids; when
    given, an equation is kept only if its figures come from more than one of them."""

    def keep(used):
        return only_cross is None or len({s["group_id"] for s in used}) > 1

    # resolved = early + on time + late
    rparts = [by[m] for m in RESOLVED_PARTS if m in by]
    if "resolved_on_or_before_time" in by:
        rparts = [p for p in rparts if p["metric"] not in ("resolved_early", "resolved_on_time")]
    if "resolved_total" in by and (len(rparts) >= 2 or (rparts and rparts[0]["value"] > by["resolved_total"]["value"])):
        tot = by["resolved_total"]
        s = sum(p["value"] for p in rparts)
        used = [tot] + rparts
        if keep(used):
            ok = s == tot["value"]
            msg = (f"{scope}: resolved {_n(tot['value'])} {'=' if ok else '≠'} {_terms(rparts)} = {_n(s)}.")
            yield "resolved", _finding(ctx, "sum_total", ok, "error", tot, used, s, tot["value"], msg)
    # pending = in time + overdue
    pparts = [by[m] for m in PENDING_PARTS if m in by]
    if "pending_total" in by and len(pparts) >= 2:
        tot = by["pending_total"]
        s = sum(p["value"] for p in pparts)
        used = [tot] + pparts
        if keep(used):
            ok = s == tot["value"]
            msg = f"{scope}: pending {_n(tot['value'])} {'=' if ok else '≠'} {_terms(pparts)} = {_n(s)}."
            yield "pending", _finding(ctx, "sum_total", ok, "error", tot, used, s, tot["value"], msg)
    # received = carried over + newly received
    if all(m in by for m in ("received_total", "carried_over", "received_new")):
        tot, parts = by["received_total"], [by["carried_over"], by["received_new"]]
        s = sum(p["value"] for p in parts)
        if keep([tot] + parts):
            ok = s == tot["value"]
            msg = f"{scope}: received {_n(tot['value'])} {'=' if ok else '≠'} {_terms(parts)} = {_n(s)}."
            if not ok:
                msg += " (Some reports count the carried-over dossiers outside the received total.)"
            yield "intake", _finding(ctx, "sum_total", ok, "warning", tot, [tot] + parts, s, tot["value"], msg)
    # inflow = outflow
    if "received_total" in by:
        inflow_terms = [by["received_total"]]
    elif "received_new" in by and "carried_over" in by:
        inflow_terms = [by["carried_over"], by["received_new"]]
    else:
        return
    inflow = sum(t["value"] for t in inflow_terms)
    resolved = [by["resolved_total"]] if "resolved_total" in by else rparts
    pending = [by["pending_total"]] if "pending_total" in by else pparts
    extras = [by[m] for m in ("overdue", "returned_or_withdrawn") if m in by]
    if not resolved or not (pending or extras):
        if resolved and sum(r["value"] for r in resolved) > inflow:
            used = inflow_terms + resolved
            if keep(used):
                s = sum(r["value"] for r in resolved)
                msg = f"{scope}: resolved {_terms(resolved)} = {_n(s)} exceeds the {_n(inflow)} received."
                yield "flow", _finding(ctx, "sum_total", False, "error", inflow_terms[0], used, s, inflow, msg)
        return
    base = resolved + pending
    readings = [base]
    if extras:
        # an unplaced overdue / returned figure may already be inside resolved or pending
        import itertools
        readings = [base + list(c) for k in range(len(extras) + 1) for c in itertools.combinations(extras, k)]
        if not pending:
            readings = [r for r in readings if len(r) > len(base)] or readings
    values = [sum(t["value"] for t in r) for r in readings]
    used = inflow_terms + resolved + pending + extras
    if not keep(used):
        return
    inflow_txt = f"{_terms(inflow_terms)} = {_n(inflow)}" if len(inflow_terms) > 1 else f"received {_n(inflow)}"
    hit = [r for r, v in zip(readings, values) if v == inflow]
    if hit:
        r = hit[0]
        msg = f"{scope}: {inflow_txt} = {_terms(r)}."
        if len(readings) > 1 and len(r) > len(base):
            msg += " (the overdue/returned figure counted separately)"
        elif len(readings) > 1 and extras:
            msg += f" ({_terms(extras)} taken as included in the other terms)"
        yield "flow", _finding(ctx, "sum_total", True, "info", inflow_terms[0], used, inflow, inflow, msg)
        return
    best = min(values, key=lambda v: abs(v - inflow))
    alt = "; ".join(f"{_terms(r)} = {_n(v)}" for r, v in zip(readings, values))
    msg = f"{scope}: {inflow_txt}, but what was resolved and is pending adds up to {alt}."
    yield "flow", _finding(ctx, "sum_total", False, "error" if len(set(values)) == 1 else "warning", inflow_terms[0],
                   used, best, inflow, msg)


def _consistency(ctx: Context, groups: list[list[dict]], scope: str):
    seen: dict[str, dict] = {}
    for g in groups:
        for s in g:
            m = s.get("metric")
            if m not in LABEL:
                continue
            if m in seen and seen[m]["group_id"] != s["group_id"]:
                a = seen[m]
                ok = a["value"] == s["value"]
                msg = (f"{scope}: {LABEL[m]} is {_n(a['value'])} at {a['char_start']} and "
                       f"{_n(s['value'])} at {s['char_start']} for the same period.")
                if ok:
                    msg = f"{scope}: {LABEL[m]} {_n(s['value'])} is reported consistently for the same period."
                yield _finding(ctx, "consistency", ok, "warning", s, [a, s], a["value"], s["value"], msg)
            else:
                seen.setdefault(m, s)


def run(ctx: Context):
    groups: dict[str, list[dict]] = {}
    for s in ctx.stats:
        if s.get("group_id"):
            groups.setdefault(s["group_id"], []).append(s)
    checked: dict[str, set[str]] = {}
    for gid, g in groups.items():
        by = _by_metric(g)
        if by:
            scope = f"{g[0].get('scope') or 'unit'} ({g[0].get('period_text') or 'period not stated'})"
            for eq, f in _equations(ctx, by, scope):
                checked.setdefault(gid, set()).add(eq)
                yield f
    # groups of one unit whose periods name the same dates
    merged: dict[tuple, list[str]] = {}
    for gid, g in groups.items():
        dates = period_dates(g[0].get("period_text"))
        if dates and g[0].get("scope"):
            merged.setdefault((g[0]["scope"], dates), []).append(gid)
    for (scope, _), gids in merged.items():
        if len(gids) < 2:
            continue
        stats = [s for gid in gids for s in groups[gid]]
        by = _by_metric(sorted(stats, key=lambda s: s["char_start"]))
        if by:
            done = set().union(*(checked.get(g, set()) for g in gids))
            for eq, f in _equations(ctx, by, f"{scope} (same period, several paragraphs)", set(gids)):
                if eq not in done:   # an equation one paragraph already settles is not repeated
                    yield f
        yield from _consistency(ctx, [groups[g] for g in gids], scope)


RULE = Rule("sum_total", ("dossier_stats",), run)
