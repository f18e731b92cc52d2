#!/usr/bin/env python3
"""Recomputes expected.csv from fixture.csv with the spec's formulas (indicators-v1.md) and reports
the largest relative difference from R's survey package. Python 3 standard library only.

V = n/(n-1) * sum w^2 (y - R x)^2 / (sum w x)^2, SE = sqrt(V) (none when n < 2);
CI = R +/- 1.959964 SE, clipped to [0, 1] for proportions.
"""
import csv
import math
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
Z = 1.959964


def num(s):
    return None if s == "" else float(s)


rows = list(csv.DictReader(open(os.path.join(HERE, "fixture.csv"), encoding="utf-8")))
for r in rows:
    for k in ("age", "health_coverage", "children_6_17", "children_in_school", "remittances_12m_mad", "weight"):
        r[k] = num(r[k])

INDICATORS = {
    "HEALTH_COVERAGE": ("proportion", lambda r: r["health_coverage"] is not None,
                        lambda r: float(r["health_coverage"] == 1), None),
    "REGULAR_STATUS": ("proportion", lambda r: r["category"] in ("IMM", "REF") and r["residence_status"] != "",
                       lambda r: float(r["residence_status"] == "REG"), None),
    "EMPLOYMENT_RATE": ("proportion", lambda r: r["age"] is not None and 15 <= r["age"] <= 64 and r["activity_status"] != "",
                        lambda r: float(r["activity_status"] == "EMP"), None),
    "SCHOOL_ENROLMENT": ("ratio", lambda r: r["children_6_17"] is not None and r["children_6_17"] > 0 and r["children_in_school"] is not None,
                         lambda r: r["children_in_school"], lambda r: r["children_6_17"]),
    "REMITTANCES_MEAN": ("mean", lambda r: r["remittances_12m_mad"] is not None and r["remittances_12m_mad"] > 0,
                         lambda r: r["remittances_12m_mad"], None),
}
GROUP_COLUMN = {"total": None, "sex": "sex", "province": "province"}


def compute(indicator, group, value):
    kind, universe, fy, fx = INDICATORS[indicator]
    col = GROUP_COLUMN[group]
    s = [r for r in rows if (col is None or r[col] == value) and universe(r)]
    n = len(s)
    if n == 0:
        return None, None, None, None, 0, None
    w = [r["weight"] for r in s]
    y = [fy(r) for r in s]
    x = [fx(r) for r in s] if fx else [1.0] * n
    swx = sum(wi * xi for wi, xi in zip(w, x))
    est = sum(wi * yi for wi, yi in zip(w, y)) / swx
    if n < 2:
        return est, None, None, None, n, sum(w)
    v = n / (n - 1) * sum(wi * wi * (yi - est * xi) ** 2 for wi, yi, xi in zip(w, y, x)) / swx ** 2
    se = math.sqrt(v)
    lo, hi = est - Z * se, est + Z * se
    if kind == "proportion":
        lo, hi = max(0.0, lo), min(1.0, hi)
    return est, se, lo, hi, n, sum(w)


def rel(a, b):
    if a == b:
        return 0.0
    return abs(a - b) / max(abs(a), abs(b))


worst = {}
problems = 0
expected = list(csv.DictReader(open(os.path.join(HERE, "expected.csv"), encoding="utf-8")))
for e in expected:
    got = dict(zip(("estimate", "se", "ci_low", "ci_high", "n", "n_weighted"),
                   compute(e["indicator"], e["group"], e["value"])))
    for k, g in got.items():
        r_val = num(e[k])
        if (g is None) != (r_val is None):
            problems += 1
            print(f"MISMATCH (blank) {e['indicator']} {e['group']}={e['value']} {k}: R={e[k]!r} python={g!r}")
            continue
        if g is None:
            continue
        d = rel(g, r_val)
        if d > worst.get(k, (0.0,))[0] or k not in worst:
            worst[k] = (d, f"{e['indicator']} {e['group']}={e['value']}")
        if d > 1e-12:
            problems += 1
            print(f"MISMATCH {e['indicator']} {e['group']}={e['value']} {k}: R={r_val!r} python={g!r} rel={d:.3g}")

print(f"{len(expected)} rows of expected.csv checked against the spec's formulas")
for k, (d, where) in worst.items():
    print(f"  max relative difference {k:<10} {d:.3g}  ({where})")
sys.exit(1 if problems else 0)
