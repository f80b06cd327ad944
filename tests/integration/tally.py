"""The independent counting rule of the integration tests: what a result
must be, computed in Python from the definitions in ../shared/PRACTICE.md
(and docs/rules.md), and the comparison of a published result with it."""
from harness import Failure, check  # noqa: F401


def threshold_votes(base, num, den, strict):
    q, rem = divmod(base * num, den)
    return q + 1 if strict else q + (1 if rem else 0)


def expected_result(cands, costs, ballots, slots, max_approvals=None, base="all", num=1, den=2,
                    strict=True, budget=None, deputies_all=0, present=0, issued=None):
    """Independent count: cands is the list of candidate ids in the poll,
    costs the matching costs, ballots a list of choice lists (candidate ids).
    Returns a dict shaped like the API result (candidates keyed by id)."""
    max_approvals = max_approvals or slots
    issued = present if issued is None else issued
    valid = blank = void = 0
    approvals = {c: 0 for c in cands}
    for b in ballots:
        if len(b) == 0:
            blank += 1
        elif len(b) > max_approvals or len(set(b)) != len(b) or any(c not in approvals for c in b):
            void += 1
        else:
            valid += 1
            for c in b:
                approvals[c] += 1
    returned = len(ballots)
    base_value = {"all": deputies_all, "present": present, "cast": returned}[base]
    tv = threshold_votes(base_value, num, den, strict)
    invalid = returned > issued
    cost = dict(zip(cands, costs))
    order = sorted(cands, key=lambda c: (-approvals[c], cands.index(c)))
    res = {c: {"approvals": approvals[c], "margin": approvals[c] - tv,
               "rank": 1 + sum(1 for o in cands if approvals[o] > approvals[c]),
               "status": "failed"} for c in cands}
    passing = [c for c in order if approvals[c] >= tv]
    left, money, stop = slots, (budget if budget is not None else 0), invalid
    cost_selected, runoff_slots, runoff = 0, 0, False
    i = 0
    while i < len(passing):
        v = approvals[passing[i]]
        j = i
        while j < len(passing) and approvals[passing[j]] == v:
            j += 1
        group = passing[i:j]
        i = j
        if stop or left == 0:
            for c in group:
                res[c]["status"] = "not_selected"
            continue
        fit = []
        g_cost, g_over = 0, False
        for c in group:
            if budget is not None and cost[c] > money:
                res[c]["status"] = "over_budget"
                continue
            fit.append(c)
            if budget is None:
                g_cost += cost[c]
            elif not g_over:
                if cost[c] > money - g_cost:
                    g_over = True
                else:
                    g_cost += cost[c]
        if not fit:
            continue
        take = len(fit) <= left and not g_over
        for c in fit:
            res[c]["status"] = "selected" if take else "runoff"
        if take:
            left -= len(fit)
            if budget is not None:
                money -= g_cost
            cost_selected += g_cost
        else:
            runoff, runoff_slots, stop = True, left, True
    status = "invalid" if invalid else ("runoff" if runoff else "final")
    return {"status": status, "deputies_all": deputies_all, "deputies_present": present,
            "ballots_issued": issued, "ballots_returned": returned, "valid": valid, "blank": blank,
            "void": void, "threshold_base": base, "base_value": base_value, "threshold_votes": tv,
            "budget": budget, "cost_selected": cost_selected, "runoff_slots": runoff_slots,
            "candidates": res}


def compare_result(got, exp, check_candidate_status=True):
    """Raise Failure listing every difference between an API result and the expected one."""
    diffs = []
    if not isinstance(got, dict):
        raise Failure("result is not a JSON object", repr(got)[:800])
    keys = ["status", "deputies_all", "deputies_present", "ballots_issued", "ballots_returned", "valid",
            "blank", "void", "threshold_base", "base_value", "threshold_votes", "budget", "runoff_slots"]
    if exp["status"] != "invalid":
        keys.append("cost_selected")
    for k in keys:
        if got.get(k) != exp[k]:
            diffs.append("%s: got %r, want %r" % (k, got.get(k), exp[k]))
    gc = {c.get("candidate_id"): c for c in got.get("candidates") or []}
    if set(gc) != set(exp["candidates"]):
        diffs.append("candidate ids: got %r, want %r" % (sorted(gc, key=str), sorted(exp["candidates"])))
    for cid, e in exp["candidates"].items():
        g = gc.get(cid)
        if g is None:
            continue
        fields = ["approvals", "rank", "margin"]
        if exp["status"] != "invalid" and check_candidate_status:
            fields.append("status")
        for f in fields:
            if g.get(f) != e[f]:
                diffs.append("candidate %s %s: got %r, want %r" % (cid, f, g.get(f), e[f]))
        if exp["status"] == "invalid" and g.get("status") == "selected":
            diffs.append("candidate %s is 'selected' in an invalid vote" % cid)
    rt = got.get("rule_text")
    if not (isinstance(rt, dict) and rt.get("zh") and rt.get("en")):
        diffs.append("rule_text lacks zh/en: %r" % (rt,))
    if diffs:
        import json as _j
        raise Failure("result differs from the independent count (%d differences)" % len(diffs),
                      *(diffs + ["result: " + _j.dumps(got, ensure_ascii=False)[:3000]]))
