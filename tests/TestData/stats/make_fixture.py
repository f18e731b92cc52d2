#!/usr/bin/env python3
"""Writes fixture.csv beside this script: ~60 synthetic survey rows for the statistics tests.

Deterministic (fixed seed, Python 3 standard library only). Run from anywhere:
    python3 make_fixture.py && Rscript survey.R && python3 check.py
"""
import csv
import os
import random

SEED = 20250986  # chosen so some cells have n = 1 (no SE), n = 2, and a proportion of exactly 0 or 1
ROWS = 60
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "fixture.csv")

COLUMNS = [
    "province", "sex", "age", "category", "residence_status", "health_coverage",
    "care_needed_12m", "care_received_12m", "children_6_17", "children_in_school",
    "activity_status", "formal_job", "years_in_region", "remittances_12m_mad", "weight",
]


def pick(rng, options):
    """options: list of (value, relative weight)."""
    total = sum(p for _, p in options)
    r = rng.random() * total
    for value, p in options:
        r -= p
        if r < 0:
            return value
    return options[-1][0]


def yes_no(rng, p_yes, p_blank):
    if rng.random() < p_blank:
        return ""
    return "1" if rng.random() < p_yes else "0"


def make_row(rng):
    province = pick(rng, [("081", 0.50), ("082", 0.33), ("083", 0.17)])  # unequal group sizes
    sex = pick(rng, [("M", 0.55), ("F", 0.45)])
    age = rng.randint(5, 14) if rng.random() < 0.15 else rng.randint(15, 80)
    category = pick(rng, [("IMM", 0.40), ("REF", 0.15), ("RET", 0.20), ("MRE", 0.25)])

    residence_status = ""
    if category == "IMM":
        if rng.random() >= 0.12:  # a few IMM rows leave it blank
            residence_status = pick(rng, [("REG", 0.55), ("IRR", 0.35), ("ASY", 0.10)])
    elif category == "REF":
        residence_status = pick(rng, [("REG", 0.35), ("IRR", 0.15), ("ASY", 0.50)])

    health_coverage = yes_no(rng, 0.6, 0.08) or "0"  # required by the form: never blank in accepted rows
    care_needed = yes_no(rng, 0.5, 0.05)
    care_received = yes_no(rng, 0.7, 0.10) if care_needed == "1" else ""

    if age < 18:
        children = "0"
    elif rng.random() < 0.05:
        children = ""
    else:
        children = "0" if rng.random() < 0.5 else str(rng.randint(1, 4))
    if children not in ("", "0"):
        c = int(children)
        children_in_school = "" if rng.random() < 0.1 else str(rng.randint(0, c) if rng.random() < 0.4 else c)
    else:
        children_in_school = ""

    if age < 15 or rng.random() < 0.06:
        activity = ""
    elif age < 25:
        activity = pick(rng, [("STUD", 0.4), ("EMP", 0.3), ("UNEMP", 0.2), ("INACT", 0.1)])
    elif age < 65:
        activity = pick(rng, [("EMP", 0.55), ("UNEMP", 0.2), ("INACT", 0.2), ("STUD", 0.05)])
    else:
        activity = pick(rng, [("INACT", 0.8), ("EMP", 0.2)])
    formal_job = yes_no(rng, 0.45, 0.15) if activity == "EMP" else ""

    if rng.random() < 0.1:
        years = ""
    else:
        years = f"{rng.randint(1, 60) * 0.25:.2f}"  # quarter-year steps: decimals with ties

    if rng.random() < 0.08:
        remittances = ""
    else:
        p_send = 0.75 if category in ("RET", "MRE") else 0.3
        remittances = f"{rng.randint(500, 30000) + rng.choice([0, 0.5, 0.25]):.2f}" if rng.random() < p_send else "0"

    weight = f"{rng.uniform(0.5, 3.5):.4f}"

    return [province, sex, str(age), category, residence_status, health_coverage, care_needed,
            care_received, children, children_in_school, activity, formal_job, years, remittances, weight]


def main():
    rng = random.Random(SEED)
    rows = [make_row(rng) for _ in range(ROWS)]
    with open(OUT, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(COLUMNS)
        w.writerows(rows)
    print(f"wrote {OUT} ({len(rows)} rows)")


if __name__ == "__main__":
    main()
